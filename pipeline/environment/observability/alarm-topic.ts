import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { encryptedTopic } from '../../encrypted-topic';

export interface AlarmTopicProps {
  /** @default - no e-mail subscriptions */
  readonly emails?: readonly string[];
}

/**
 * The environment's topic for alarms (rollback alarms of the web services, database, cache). CloudWatch publishes
 * to it only when its topic policy and its key let it: both admit CloudWatch alarms of this account.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    this.topic = encryptedTopic(this, 'operational alarms', ['cloudwatch.amazonaws.com']);
    for (const email of props.emails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
}
