import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct, IDependable } from 'constructs';

/**
 * What a rotation function's role needs for the rotation protocol on the secrets it rotates (Secrets Manager, "Lambda
 * rotation functions"), and a new password from Secrets Manager's generator, which acts on no resource.
 */
export function rotationProtocolStatements(secretArns: readonly string[]): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      actions: [
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'secretsmanager:PutSecretValue',
        'secretsmanager:UpdateSecretVersionStage',
      ],
      resources: [...secretArns],
    }),
    new iam.PolicyStatement({ actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] }),
  ];
}

export interface RotationScheduleProps {
  readonly secret: secretsmanager.ISecret;
  readonly rotationFunction: lambda.IFunction;
  readonly days: number;
  /** How long the window after midnight UTC lasts. @default - the whole day */
  readonly duration?: string;
  /** What the schedule's test of the function needs to exist first. @default - only the invoke permission */
  readonly after?: readonly IDependable[];
}

/**
 * `secret` rotates every `days` with `rotationFunction`, which Secrets Manager may invoke for that secret only, in this
 * account (the confused-deputy conditions AWS documents for rotation functions). The permission is made at
 * `permission`, the schedule at `schedule` (scope and id: a caller keeps the logical ids its deployed stacks have).
 * Creating or changing the schedule does not rotate (RotateImmediatelyOnUpdate false): the running tasks hold the
 * current value, and Secrets Manager only runs testSecret on it.
 */
export function rotationSchedule(
  permission: { readonly scope: Construct; readonly id: string },
  schedule: { readonly scope: Construct; readonly id: string },
  props: RotationScheduleProps,
): secretsmanager.CfnRotationSchedule {
  const invoke = new lambda.CfnPermission(permission.scope, permission.id, {
    functionName: props.rotationFunction.functionArn,
    action: 'lambda:InvokeFunction',
    principal: 'secretsmanager.amazonaws.com',
    sourceAccount: Stack.of(permission.scope).account,
    sourceArn: props.secret.secretArn,
  });
  const made = new secretsmanager.CfnRotationSchedule(schedule.scope, schedule.id, {
    secretId: props.secret.secretArn,
    rotationLambdaArn: props.rotationFunction.functionArn,
    rotationRules: {
      scheduleExpression: `rate(${props.days} days)`,
      ...(props.duration !== undefined ? { duration: props.duration } : {}),
    },
    rotateImmediatelyOnUpdate: false,
  });
  made.node.addDependency(invoke, ...(props.after ?? []));
  return made;
}
