import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';
import { acknowledgeGuardRule } from '../policy/acknowledge';

export interface RollbackAlarmsProps {
  readonly thresholds: EnvironmentConfig['alarms'];
  /** Blue and green: test traffic reaches green first, production traffic either. */
  readonly targetGroups: Record<'Blue' | 'Green', elbv2.ApplicationTargetGroup>;
  readonly alarmNamePrefix: string;
  /** Name of the composite alarm that is in ALARM while any rollback alarm is. */
  readonly compositeAlarmName: string;
}

/**
 * The alarms CodeDeploy watches during a deployment: target 5xx, p99 latency and unhealthy hosts on
 * both target groups, so a bad green is caught under test traffic and under production traffic.
 */
export class RollbackAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  /** In ALARM while any of `alarms` is: what the pipeline's bake check watches. */
  readonly anyAlarm: cloudwatch.CompositeAlarm;

  constructor(scope: Construct, id: string, props: RollbackAlarmsProps) {
    super(scope, id);
    const { thresholds } = props;
    const period = Duration.seconds(thresholds.periodSeconds);
    for (const [color, group] of Object.entries(props.targetGroups)) {
      const metrics = group.metrics;
      this.add(
        `${color}Target5xx`,
        props,
        metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: 'Sum' }),
        thresholds.target5xxCount,
        `${color}: targets answered 5xx`,
      );
      this.add(
        `${color}LatencyP99`,
        props,
        metrics.targetResponseTime({ period, statistic: 'p99' }),
        thresholds.p99LatencyMs / 1000,
        `${color}: p99 latency in seconds`,
      );
      this.add(
        `${color}UnhealthyHosts`,
        props,
        metrics.unhealthyHostCount({ period, statistic: 'Maximum' }),
        thresholds.unhealthyHosts,
        `${color}: unhealthy targets`,
      );
    }
    this.anyAlarm = new cloudwatch.CompositeAlarm(this, 'Any', {
      compositeAlarmName: props.compositeAlarmName,
      alarmDescription: 'In ALARM while any rollback alarm of this environment is',
      alarmRule: cloudwatch.AlarmRule.anyOf(...this.alarms),
    });
    acknowledgeGuardRule(
      this,
      'cloudwatch_alarm_action_check',
      "These alarms act through CodeDeploy (rollback on alarm) and the pipeline's bake condition on the composite " +
        'alarm; a failed or rolled-back deployment is already notified by the deployment notification rule.',
    );
  }

  private add(
    id: string,
    props: RollbackAlarmsProps,
    metric: cloudwatch.IMetric,
    threshold: number,
    description: string,
  ) {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        alarmName: `${props.alarmNamePrefix}-${id}`,
        alarmDescription: `Rolls a blue/green deployment back. ${description} >= ${threshold}`,
        metric,
        threshold,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: props.thresholds.evaluationPeriods,
        datapointsToAlarm: props.thresholds.evaluationPeriods,
        // An idle target group has no data; that is not a failure.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
