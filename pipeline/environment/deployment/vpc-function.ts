import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { acknowledgeWildcards } from '../../policy/acknowledge';
import { lambdaBundleDir, type LambdaHandlerName } from '../../../model/tool-files';
import { VPC_FUNCTION_ACTIONS } from '../../../model/vpc-function-actions';

export interface VpcFunctionProps {
  /** The construct ids of its role and log group in the scope: each caller keeps those its deployed stacks have. */
  readonly ids: { readonly role: string; readonly logGroup: string };
  /** What the role is for, for people reading IAM. */
  readonly roleDescription: string;
  /** The handler, deployed from its bundle (scripts/bundle-lambdas.ts). */
  readonly handler: LambdaHandlerName;
  readonly functionName: string;
  /** What the handler calls, besides attaching to the VPC and writing its logs. */
  readonly statements: readonly iam.PolicyStatement[];
  readonly vpc: ec2.IVpc;
  readonly vpcSubnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly environment: Record<string, string>;
  /** Where a failed asynchronous invocation goes. @default - nowhere */
  readonly onFailure?: lambda.IDestination;
  /** @default Duration.seconds(60) */
  readonly timeout?: Duration;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * One of the tool's bundled handlers as a Node.js 24 function in the VPC, made in `scope` with its role (trusting
 * Lambda from this account only) and its encrypted log group with retention. Its role may attach to the VPC, write
 * that log group, and do what `statements` allow.
 */
export function vpcFunction(
  scope: Construct,
  props: VpcFunctionProps,
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
  props.statements.forEach((statement) => role.addToPolicy(statement));
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
    timeout: props.timeout ?? Duration.seconds(60),
    role,
    vpc: props.vpc,
    vpcSubnets: props.vpcSubnets,
    securityGroups: [props.securityGroup],
    environment: props.environment,
    // Asynchronous callers (CodeDeploy, EventBridge) get no retry from Lambda: a retry after a report would only
    // report again, and a synchronous caller sees the error itself.
    retryAttempts: 0,
    onFailure: props.onFailure,
    logGroup,
  });
  return { function: fn, role };
}
