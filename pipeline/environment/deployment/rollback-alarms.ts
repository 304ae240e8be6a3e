import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../model/config';
import { acknowledgeGuardRule } from '../../policy/acknowledge';
import { rollbackAlarm } from './rollback-alarm';

export interface RollbackAlarmsProps {
  readonly thresholds: EnvironmentConfig['alarms'];
  /** Blue and green: test traffic reaches green first, production traffic either. */
  readonly targetGroups: Record<'Blue' | 'Green', elbv2.ApplicationTargetGroup>;
  readonly alarmNamePrefix: string;
}

/**
 * The alarms CodeDeploy watches while it deploys a service behind an ALB: target 5xx, p99 latency and unhealthy
 * hosts on both target groups, so a bad green is caught under test traffic and under production traffic.
 */
export class RollbackAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: RollbackAlarmsProps) {
    super(scope, id);
    const { thresholds } = props;
    const period = Duration.seconds(thresholds.periodSeconds);
    for (const [color, group] of Object.entries(props.targetGroups)) {
      const metrics = group.metrics;
      const add = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) =>
        this.alarms.push(
          rollbackAlarm(this, `${color}${name}`, {
            thresholds,
            alarmName: `${props.alarmNamePrefix}-${color}${name}`,
            metric,
            threshold,
            description: `${color}: ${description}`,
          }),
        );
      add(
        'Target5xx',
        metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: 'Sum' }),
        thresholds.target5xxCount,
        'targets answered 5xx',
      );
      add(
        'LatencyP99',
        metrics.targetResponseTime({ period, statistic: 'p99' }),
        thresholds.p99LatencyMs / 1000,
        'p99 latency in seconds',
      );
      add(
        'UnhealthyHosts',
        metrics.unhealthyHostCount({ period, statistic: 'Maximum' }),
        thresholds.unhealthyHosts,
        'unhealthy targets',
      );
    }
    acknowledgeAlarmActions(this);
  }
}

/** Rollback alarms act through CodeDeploy and the bake; they need no alarm action of their own. */
export function acknowledgeAlarmActions(scope: Construct): void {
  acknowledgeGuardRule(
    scope,
    'cloudwatch_alarm_action_check',
    "These alarms act through CodeDeploy (rollback on alarm) and the pipeline's bake step on the environment's " +
      'composite alarm; a failed or rolled-back deployment is already notified by the deployment notification rule.',
  );
}
