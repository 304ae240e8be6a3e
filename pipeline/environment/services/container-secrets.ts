import { Arn, ArnFormat } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import type { ServiceConfig } from '../../../model/config';

/**
 * A service's secrets as ECS secrets. ECS grants the execution role secretsmanager:GetSecretValue (or
 * ssm:GetParameters) on each. A shared secret lives in another account: AWS requires, besides the owner's resource
 * policy, a customer managed key, which the reader may use only if its own policy allows kms:Decrypt on it
 * (Secrets Manager user guide, "Access AWS Secrets Manager secrets from a different account"); so the execution
 * role gets that too, through Secrets Manager only.
 */
export function containerSecrets(
  scope: Construct,
  secrets: ServiceConfig['secrets'],
  executionRole: iam.IRole,
): Record<string, ecs.Secret> {
  return Object.fromEntries(
    Object.entries(secrets).map(([variable, source]) => {
      if ('secretsManagerArn' in source) {
        const secret = secretsmanager.Secret.fromSecretCompleteArn(
          scope,
          `Secret${variable}`,
          source.secretsManagerArn,
        );
        if (source.shared && source.kmsKeyArn) {
          executionRole.addToPrincipalPolicy(sharedSecretDecrypt(source.secretsManagerArn, source.kmsKeyArn));
        }
        return [variable, ecs.Secret.fromSecretsManager(secret, source.field)];
      }
      const parameter = ssm.StringParameter.fromSecureStringParameterAttributes(scope, `Parameter${variable}`, {
        parameterName: source.ssmParameter,
      });
      return [variable, ecs.Secret.fromSsmParameter(parameter)];
    }),
  );
}

/** kms:Decrypt on a shared secret's key, only when Secrets Manager in the secret's region asks for it. */
export function sharedSecretDecrypt(secretArn: string, kmsKeyArn: string): iam.PolicyStatement {
  const { region } = Arn.split(secretArn, ArnFormat.COLON_RESOURCE_NAME);
  return new iam.PolicyStatement({
    actions: ['kms:Decrypt'],
    resources: [kmsKeyArn],
    conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } },
  });
}
