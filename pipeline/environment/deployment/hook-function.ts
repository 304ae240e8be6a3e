import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { LambdaHandlerName } from '../../../model/tool-files';
import { vpcFunction } from './vpc-function';

export interface HookFunctionProps {
  /** The construct ids of its role and log group in the scope: each caller keeps those its deployed stacks have. */
  readonly ids: { readonly role: string; readonly logGroup: string };
  /** What the role is for, for people reading IAM. */
  readonly roleDescription: string;
  /** The handler, deployed from its bundle (scripts/bundle-lambdas.ts). */
  readonly handler: LambdaHandlerName;
  /** `CodeDeployHook_…`: the deployment group's role may invoke only functions named so. */
  readonly functionName: string;
  /** The deployment group whose hook executions the function reports on. */
  readonly deploymentGroup: { readonly applicationName: string; readonly deploymentGroupName: string };
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly environment: Record<string, string>;
  /** Where a failed invocation goes. @default - nowhere */
  readonly onFailure?: lambda.IDestination;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * A CodeDeploy lifecycle-hook function in the VPC (the checks hook, the integration gate), made in `scope`
 * as `Function` with its role and encrypted log group (vpcFunction). Its role may attach to the VPC, write that log
 * group and report to the one deployment group; the caller adds what else its handler calls.
 */
export function hookFunction(
  scope: Construct,
  props: HookFunctionProps,
): { readonly function: lambda.Function; readonly role: iam.Role } {
  const { deploymentGroup, ...rest } = props;
  return vpcFunction(scope, {
    ...rest,
    statements: [
      new iam.PolicyStatement({
        actions: ['codedeploy:PutLifecycleEventHookExecutionStatus'],
        resources: [
          Stack.of(scope).formatArn({
            service: 'codedeploy',
            resource: 'deploymentgroup',
            resourceName: `${deploymentGroup.applicationName}/${deploymentGroup.deploymentGroupName}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    ],
    // The handlers' own budgets (20 s for the checks, for StartBuild, for each report) end well before this,
    // so a verdict is always reported.
    timeout: Duration.seconds(60),
  });
}
