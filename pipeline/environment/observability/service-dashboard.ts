import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';

/** One service's row: its tasks, and its blue and green target groups when it is a web service. */
export interface DashboardService {
  readonly name: string;
  readonly service: ecs.FargateService;
  /** A web service's blue and green target groups. @default - none: a worker's row shows its tasks only */
  readonly targetGroups?:
    | {
        readonly kind: 'alb';
        readonly blue: elbv2.ApplicationTargetGroup;
        readonly green: elbv2.ApplicationTargetGroup;
      }
    | { readonly kind: 'nlb'; readonly blue: elbv2.NetworkTargetGroup; readonly green: elbv2.NetworkTargetGroup };
}

export interface ServiceDashboardProps {
  readonly dashboardName: string;
  readonly clusterName: string;
  readonly services: readonly DashboardService[];
  /** Rows of the data tier (database, cache). */
  readonly dataWidgets: readonly cloudwatch.IWidget[];
  readonly alarms: readonly cloudwatch.IAlarm[];
}

const PERIOD = Duration.minutes(1);

/** One dashboard per environment: per service, blue and green side by side, so a deployment is visible as it happens. */
export class ServiceDashboard extends Construct {
  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: props.dashboardName });
    for (const entry of props.services) {
      dashboard.addWidgets(...trafficWidgets(entry));
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `${entry.name}: running tasks`,
          width: 12,
          left: [
            new cloudwatch.Metric({
              namespace: 'ECS/ContainerInsights',
              metricName: 'RunningTaskCount',
              dimensionsMap: { ClusterName: props.clusterName, ServiceName: entry.service.serviceName },
              statistic: 'Average',
              period: PERIOD,
            }),
          ],
        }),
        new cloudwatch.GraphWidget({
          title: `${entry.name}: CPU / memory (%)`,
          width: 12,
          left: [
            entry.service.metricCpuUtilization({ period: PERIOD }),
            entry.service.metricMemoryUtilization({ period: PERIOD }),
          ],
        }),
      );
    }
    if (props.dataWidgets.length > 0) dashboard.addWidgets(...props.dataWidgets);
    dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Rollback alarms', alarms: [...props.alarms], width: 24 }),
    );
  }
}

function trafficWidgets(entry: DashboardService): cloudwatch.IWidget[] {
  const groups = entry.targetGroups;
  if (!groups) return [];
  const perColor = (title: string, metric: (group: elbv2.ITargetGroup) => cloudwatch.Metric) =>
    new cloudwatch.GraphWidget({
      title: `${entry.name}: ${title}`,
      width: 8,
      left: [
        metric(groups.blue).with({ label: 'blue', period: PERIOD }),
        metric(groups.green).with({ label: 'green', period: PERIOD }),
      ],
    });
  if (groups.kind === 'alb') {
    const alb = (group: elbv2.ITargetGroup) => (group as elbv2.ApplicationTargetGroup).metrics;
    return [
      perColor('requests', (g) => alb(g).requestCount({ statistic: 'Sum' })),
      perColor('target 5xx', (g) => alb(g).httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { statistic: 'Sum' })),
      perColor('p99 latency (s)', (g) => alb(g).targetResponseTime({ statistic: 'p99' })),
      perColor('healthy targets', (g) => alb(g).healthyHostCount({ statistic: 'Minimum' })),
    ];
  }
  const nlb = (group: elbv2.ITargetGroup) => (group as elbv2.NetworkTargetGroup).metrics;
  return [
    perColor('healthy targets', (g) => nlb(g).healthyHostCount({ statistic: 'Minimum' })),
    perColor('unhealthy targets', (g) => nlb(g).unHealthyHostCount({ statistic: 'Maximum' })),
  ];
}
