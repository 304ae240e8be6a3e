import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { restrictGrantsToAwsServices } from './policy/key-grants';

/** An SNS topic under a rotating key that CodeStar Notifications may publish to. */
export function encryptedTopic(scope: Construct, purpose: string): sns.Topic {
  const key = new kms.Key(scope, 'TopicKey', { description: `Encrypts ${purpose}`, enableKeyRotation: true });
  // Only for notification rules of this account (the confused-deputy condition AWS recommends).
  const notificationsOfThisAccount = new iam.ServicePrincipal('codestar-notifications.amazonaws.com').withConditions({
    StringEquals: { 'aws:SourceAccount': Stack.of(scope).account },
  });
  key.grant(notificationsOfThisAccount, 'kms:GenerateDataKey*', 'kms:Decrypt');
  restrictGrantsToAwsServices(key);
  return new sns.Topic(scope, 'Topic', { masterKey: key, enforceSSL: true });
}
