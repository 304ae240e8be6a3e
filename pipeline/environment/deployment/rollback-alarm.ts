import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../model/config';

export interface RollbackAlarmProps {
  readonly thresholds: EnvironmentConfig['alarms'];
  readonly alarmName: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly description: string;
}

/** One alarm that rolls a deployment back: at or over the threshold for the configured datapoints. */
export function rollbackAlarm(scope: Construct, id: string, props: RollbackAlarmProps): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmName: props.alarmName,
    alarmDescription: `Rolls a deployment back. ${props.description} >= ${props.threshold}`,
    metric: props.metric,
    threshold: props.threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: props.thresholds.evaluationPeriods,
    datapointsToAlarm: props.thresholds.evaluationPeriods,
    // An idle target group has no data; that is not a failure.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
