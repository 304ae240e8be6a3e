import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { join } from 'node:path';
import type { CheckConfig, LifecycleEvent } from '../../config';
import { acknowledgeWildcards } from '../../policy/acknowledge';
import { VPC_FUNCTION_ACTIONS } from './vpc-function-actions';

/** The handler's source; resolved from this file, never from the working directory. */
export const LIFECYCLE_HOOK_ENTRY = join(__dirname, '..', '..', '..', 'lambdas', 'lifecycle-hook', 'index.ts');

export interface LifecycleHookFunctionProps {
  readonly vpc: ec2.IVpc;
  /** `CodeDeployHook_…`: the deployment group's role may invoke only functions named so. */
  readonly functionName: string;
  /** The deployment group whose hook executions this function reports on. */
  readonly codeDeployApplication: string;
  readonly deploymentGroup: string;
  /** Base URL of the test listener, where green answers before it gets production traffic. */
  readonly targetUrl: string;
  /** The port the checks call on `targetUrl`: the test listener's, or the production listener's for smoke checks. */
  readonly targetPort: number;
  readonly checks: readonly CheckConfig[];
  /** The lifecycle events the appspec sends to this function. */
  readonly hookEvents: readonly LifecycleEvent[];
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The CodeDeploy lifecycle hook: runs the configured checks against green through the test listener
 * and reports the verdict. Named `CodeDeployHook_*` because the deployment group's role may only
 * invoke functions with that prefix.
 */
export class LifecycleHookFunction extends Construct {
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: LifecycleHookFunctionProps) {
    super(scope, id);
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Lifecycle hook: out to the test listener and the CodeDeploy API only',
      allowAllOutbound: false,
    });
    // The test listener is reached at the ALB's public address through NAT, so its address is not a VPC one.
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(props.targetPort), 'The listener it checks');
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'CodeDeploy API');

    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      }),
      description: 'Lifecycle hook: reports to CodeDeploy, writes its logs, attaches to the VPC',
    });
    // A function in a VPC needs these to create its network interfaces; without them CreateFunction fails.
    // CDK adds AWSLambdaVPCAccessExecutionRole only to roles it creates itself.
    const eniStatement = new iam.PolicyStatement({ actions: [...VPC_FUNCTION_ACTIONS], resources: ['*'] });
    role.addToPolicy(eniStatement);
    acknowledgeWildcards(
      role,
      'The network-interface actions a VPC function needs (those of AWSLambdaVPCAccessExecutionRole) support no ' +
        'resource-level permissions for the interfaces Lambda creates.',
      [{ resource: '*' }],
    );
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logGroup.grantWrite(role);
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      functionName: props.functionName,
      entry: LIFECYCLE_HOOK_ENTRY,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      // The hook's own budget (20 s) ends well before this, so it always reports.
      timeout: Duration.seconds(60),
      role,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroups: [securityGroup],
      environment: {
        TARGET_URL: props.targetUrl,
        CHECKS: JSON.stringify(props.checks),
        // Not read by the handler (CodeDeploy's event does not name the lifecycle event); it documents, for
        // people and for `bluegreen preflight`, which events invoke the checks.
        HOOK_EVENTS: props.hookEvents.join(','),
      },
      // CodeDeploy invokes the hook asynchronously; a retry after a report would report a second time.
      retryAttempts: 0,
      logGroup,
      bundling: { externalModules: ['@aws-sdk/*'], minify: true, target: 'node24', sourceMap: false },
    });

    const stack = Stack.of(this);
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['codedeploy:PutLifecycleEventHookExecutionStatus'],
        resources: [
          stack.formatArn({
            service: 'codedeploy',
            resource: 'deploymentgroup',
            resourceName: `${props.codeDeployApplication}/${props.deploymentGroup}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
  }
}
