import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../model/config';
import { rollbackAlarm } from './rollback-alarm';
import { acknowledgeAlarmActions } from './rollback-alarms';

export interface NetworkRollbackAlarmsProps {
  readonly thresholds: EnvironmentConfig['alarms'];
  readonly loadBalancer: elbv2.NetworkLoadBalancer;
  readonly targetGroups: Record<'Blue' | 'Green', elbv2.NetworkTargetGroup>;
  readonly alarmNamePrefix: string;
}

/**
 * The alarms CodeDeploy watches while it deploys a service behind an NLB. An NLB sees no HTTP status, so it
 * watches what it does see: unhealthy targets in each target group, and connections the targets reset.
 */
export class NetworkRollbackAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: NetworkRollbackAlarmsProps) {
    super(scope, id);
    const { thresholds } = props;
    const period = Duration.seconds(thresholds.periodSeconds);
    const add = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) =>
      this.alarms.push(
        rollbackAlarm(this, name, {
          thresholds,
          alarmName: `${props.alarmNamePrefix}-${name}`,
          metric,
          threshold,
          description,
        }),
      );
    for (const [color, group] of Object.entries(props.targetGroups)) {
      add(
        `${color}UnhealthyHosts`,
        group.metrics.unHealthyHostCount({ period, statistic: 'Maximum' }),
        thresholds.unhealthyHosts,
        `${color}: unhealthy targets`,
      );
    }
    add(
      'TargetResets',
      props.loadBalancer.metrics.tcpTargetResetCount({ period, statistic: 'Sum' }),
      thresholds.target5xxCount,
      'TCP connections reset by the targets',
    );
    add(
      'ElbResets',
      props.loadBalancer.metrics.tcpElbResetCount({ period, statistic: 'Sum' }),
      thresholds.target5xxCount,
      'TCP connections reset by the load balancer (no healthy target, timeouts)',
    );
    acknowledgeAlarmActions(this);
  }
}
