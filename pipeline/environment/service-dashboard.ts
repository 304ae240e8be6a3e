import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { BlueGreenLoadBalancer } from './load-balancer';

export interface ServiceDashboardProps {
  readonly dashboardName: string;
  readonly loadBalancer: BlueGreenLoadBalancer;
  readonly service: ecs.FargateService;
  readonly alarms: readonly cloudwatch.IAlarm[];
}

/** One dashboard per environment: blue and green side by side, so a deployment is visible as it happens. */
export class ServiceDashboard extends Construct {
  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const period = Duration.minutes(1);
    const groups = [
      { label: 'blue', metrics: props.loadBalancer.blueTargetGroup.metrics },
      { label: 'green', metrics: props.loadBalancer.greenTargetGroup.metrics },
    ];
    const perColor = (title: string, metric: (m: (typeof groups)[number]['metrics']) => cloudwatch.Metric) =>
      new cloudwatch.GraphWidget({
        title,
        width: 8,
        left: groups.map((g) => metric(g.metrics).with({ label: g.label, period })),
      });
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    dashboard.addWidgets(
      perColor('Requests', (m) => m.requestCount({ statistic: 'Sum' })),
      perColor('Target 5xx', (m) => m.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum' })),
      perColor('p99 latency (s)', (m) => m.targetResponseTime({ statistic: 'p99' })),
    );
    dashboard.addWidgets(
      perColor('Healthy targets', (m) => m.healthyHostCount({ statistic: 'Minimum' })),
      new cloudwatch.GraphWidget({
        title: 'Running tasks',
        width: 8,
        left: [
          new cloudwatch.Metric({
            namespace: 'ECS/ContainerInsights',
            metricName: 'RunningTaskCount',
            dimensionsMap: { ClusterName: props.service.cluster.clusterName, ServiceName: props.service.serviceName },
            statistic: 'Average',
            period,
          }),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'CPU / memory (%)',
        width: 8,
        left: [props.service.metricCpuUtilization({ period }), props.service.metricMemoryUtilization({ period })],
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Rollback alarms', alarms: [...props.alarms], width: 24 }),
    );
  }
}
