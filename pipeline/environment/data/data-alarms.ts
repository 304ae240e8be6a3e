import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** One alarm of a data-tier resource: a metric, a threshold and what crossing it means. */
export interface DataAlarmDefinition {
  /** Construct id and the end of the alarm's description, e.g. `CpuHigh`. */
  readonly id: string;
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparison: cloudwatch.ComparisonOperator;
  readonly description: string;
  /** @default 3 periods of the metric (5 minutes each by default) */
  readonly evaluationPeriods?: number;
}

export interface DataAlarmsProps {
  readonly alarms: readonly DataAlarmDefinition[];
  /** Every alarm (and its recovery) notifies this topic, e.g. the environment's notification topic. */
  readonly topic: sns.ITopic;
}

/**
 * The alarms of a database or cache, each notifying the topic on ALARM and on OK. Missing data is not
 * breaching: a paused Serverless v2 writer or an idle cache reports no datapoints and is not broken.
 */
export class DataAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: DataAlarmsProps) {
    super(scope, id);
    const action = new actions.SnsAction(props.topic);
    this.alarms = props.alarms.map((definition) => {
      const alarm = new cloudwatch.Alarm(this, definition.id, {
        metric: definition.metric,
        threshold: definition.threshold,
        comparisonOperator: definition.comparison,
        evaluationPeriods: definition.evaluationPeriods ?? 3,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: definition.description,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      return alarm;
    });
  }
}

/** Five-minute averages unless said otherwise: the period the alarms evaluate. */
export const DATA_METRIC_PERIOD = Duration.minutes(5);
