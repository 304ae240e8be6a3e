import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { CheckConfig, LifecycleEvent } from '../../../model/config';
import { HOOK_ENVIRONMENT } from '../../../model/lambda-contracts';
import { hookFunction } from './hook-function';

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
  readonly function: lambda.Function;

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

    this.function = hookFunction(this, {
      ids: { role: 'Role', logGroup: 'Logs' },
      roleDescription: 'Lifecycle hook: reports to CodeDeploy, writes its logs, attaches to the VPC',
      handler: 'lifecycle-hook',
      functionName: props.functionName,
      deploymentGroup: { applicationName: props.codeDeployApplication, deploymentGroupName: props.deploymentGroup },
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup,
      environment: {
        [HOOK_ENVIRONMENT.targetUrl]: props.targetUrl,
        [HOOK_ENVIRONMENT.checks]: JSON.stringify(props.checks),
        [HOOK_ENVIRONMENT.hookEvents]: props.hookEvents.join(','),
      },
      logKey: props.logKey,
      logRetention: props.logRetention,
    }).function;
  }
}
