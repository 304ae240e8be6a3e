import { Stack } from 'aws-cdk-lib';
import type * as notifications from 'aws-cdk-lib/aws-codestarnotifications';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from './policy/key-grants';

/** The AWS services that publish to a topic this product creates. */
export type TopicPublisher = 'cloudwatch.amazonaws.com' | 'codestar-notifications.amazonaws.com';

/**
 * An SNS topic under a rotating key, TLS only, that exactly the given AWS services may publish to, for this
 * account only (the confused-deputy condition AWS recommends).
 *
 * `enforceSSL` writes an AWS::SNS::TopicPolicy, and a topic policy replaces the topic's default policy: a service
 * it does not name cannot publish (CloudWatch alarm notifications are then dropped without a trace:
 * https://repost.aws/knowledge-center/cloudwatch-receive-sns-for-alarm-trigger). The topic policy therefore allows
 * each publisher sns:Publish, and the key lets it encrypt
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services).
 */
export function encryptedTopic(scope: Construct, purpose: string, publishers: readonly TopicPublisher[]): sns.Topic {
  const key = new kms.Key(scope, 'TopicKey', { description: `Encrypts ${purpose}`, enableKeyRotation: true });
  restrictGrantsToAwsServices(key);
  const topic = new sns.Topic(scope, 'Topic', { masterKey: key, enforceSSL: true });
  const thisAccount = { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } };
  for (const service of publishers) {
    const publisher = new iam.ServicePrincipal(service).withConditions(thisAccount);
    key.grant(publisher, 'kms:GenerateDataKey*', 'kms:Decrypt');
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: `Publish-${service.split('.')[0]}`,
        principals: [new iam.ServicePrincipal(service)],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: thisAccount,
      }),
    );
  }
  return topic;
}

/**
 * A topic of {@link encryptedTopic} with `codestar-notifications.amazonaws.com` among its publishers, as a
 * notification rule's target. CDK's own binding of a topic grants that service sns:Publish and the key again, with no
 * condition, which would let a notification rule of any account publish to it.
 */
export function notificationRuleTarget(topic: sns.ITopic): notifications.INotificationRuleTarget {
  return { bindAsNotificationRuleTarget: () => ({ targetType: 'SNS', targetAddress: topic.topicArn }) };
}
