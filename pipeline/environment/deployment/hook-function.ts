import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeWildcards } from '../../policy/acknowledge';
import { lambdaBundleDir, type LambdaHandlerName } from '../../../model/tool-files';
import { VPC_FUNCTION_ACTIONS } from './vpc-function-actions';

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
 * as `Function` with its role and encrypted log group. Its role may attach to the VPC, write that log group
 * and report to the one deployment group; the caller adds what else its handler calls.
 */
export function hookFunction(
  scope: Construct,
  props: HookFunctionProps,
): { readonly function: lambda.Function; readonly role: iam.Role } {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, props.ids.role, {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com').withConditions({
      StringEquals: { 'aws:SourceAccount': stack.account },
    }),
    description: props.roleDescription,
  });
  // A function in a VPC needs these to create its network interfaces; without them CreateFunction fails.
  // CDK adds AWSLambdaVPCAccessExecutionRole only to roles it creates itself.
  role.addToPolicy(new iam.PolicyStatement({ actions: [...VPC_FUNCTION_ACTIONS], resources: ['*'] }));
  acknowledgeWildcards(
    role,
    'The network-interface actions a VPC function needs (those of AWSLambdaVPCAccessExecutionRole) support no ' +
      'resource-level permissions for the interfaces Lambda creates.',
    [{ resource: '*' }],
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      actions: ['codedeploy:PutLifecycleEventHookExecutionStatus'],
      resources: [
        stack.formatArn({
          service: 'codedeploy',
          resource: 'deploymentgroup',
          resourceName: `${props.deploymentGroup.applicationName}/${props.deploymentGroup.deploymentGroupName}`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    }),
  );
  const logGroup = new logs.LogGroup(scope, props.ids.logGroup, {
    retention: props.logRetention,
    encryptionKey: props.logKey,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  logGroup.grantWrite(role);

  const fn = new lambda.Function(scope, 'Function', {
    functionName: props.functionName,
    code: lambda.Code.fromAsset(lambdaBundleDir(props.handler)),
    handler: 'index.handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: 256,
    // The handlers' own budgets (20 s for the checks, for StartBuild, for each report) end well before this,
    // so a verdict is always reported.
    timeout: Duration.seconds(60),
    role,
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    securityGroups: [props.securityGroup],
    environment: props.environment,
    // CodeDeploy and EventBridge invoke asynchronously; a Lambda retry after a report would only report again.
    retryAttempts: 0,
    onFailure: props.onFailure,
    logGroup,
  });
  return { function: fn, role };
}
