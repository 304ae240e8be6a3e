import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { encryptedTopic } from '../../encrypted-topic';

export interface AlarmTopicProps {
  /** @default - no e-mail subscriptions */
  readonly emails?: readonly string[];
}

/**
 * The environment's topic for operational alarms (database, cache). CloudWatch publishes to an encrypted topic
 * only when the topic's key lets it: the key grants CloudWatch alarms of this account exactly that.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    this.topic = encryptedTopic(this, 'operational alarms');
    const alarmsOfThisAccount = new iam.ServicePrincipal('cloudwatch.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
    });
    this.topic.masterKey!.grant(alarmsOfThisAccount, 'kms:Decrypt', 'kms:GenerateDataKey*');
    for (const email of props.emails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
}
