import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';

/**
 * Denies `kms:CreateGrant` on `key` unless an AWS service asks for a grant on an AWS resource
 * (Control Tower CT.KMS.PR.3). ECR, CodeBuild and the other services that use these keys create
 * their grants that way; a principal granting itself durable access does not.
 */
export function restrictGrantsToAwsServices(key: kms.Key): void {
  key.addToResourcePolicy(
    new iam.PolicyStatement({
      sid: 'DenyGrantsExceptForAwsServices',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
}

/**
 * CloudWatch Logs of this stack's account and region, acting for one of its log groups: the confused-deputy
 * condition AWS documents for keys that encrypt log groups (`kms:EncryptionContext:aws:logs:arn`).
 */
export function logsServicePrincipal(scope: IConstruct): iam.IPrincipal {
  const stack = Stack.of(scope);
  return new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`).withConditions({
    ArnLike: {
      'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: '*',
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    },
  });
}

/**
 * A rotating key for log groups (`description` says whose): CloudWatch Logs may use it for this account's log groups
 * (`logsServicePrincipal`), and only AWS services may create grants on it.
 */
export function logGroupKey(scope: IConstruct, id: string, description: string): kms.Key {
  const key = new kms.Key(scope, id, { description, enableKeyRotation: true });
  key.grantEncryptDecrypt(logsServicePrincipal(scope));
  restrictGrantsToAwsServices(key);
  return key;
}
