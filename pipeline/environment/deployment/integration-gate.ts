import { Duration, Token } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { BUILD_STATE_CHANGE, FINAL_BUILD_STATUSES, HOOK_ENVIRONMENT } from '../../../model/lambda-contracts';
import { acknowledgeGuardRule, acknowledgeNagRule } from '../../policy/acknowledge';
import { hookFunction } from './hook-function';
import { integrationSuiteProject } from './integration-suite-project';

/** The suite's timeout bounds: CodeBuild's minimum, and what leaves the queue and the report inside CodeDeploy's hour. */
export const SUITE_TIMEOUT_MINUTES = { min: 5, max: 50 } as const;

export interface IntegrationGateProps {
  readonly vpc: ec2.IVpc;
  /** Where the suite's build and the gate function run. @default - the VPC's private subnets with egress */
  readonly subnets?: ec2.SubnetSelection;
  /**
   * The suite's build's security group. @default - one allowing out only the test listener port (to any
   * address: the internet-facing ALB is reached through NAT) and HTTPS (package registries, AWS APIs)
   */
  readonly buildSecurityGroup?: ec2.ISecurityGroup;
  /** The test listener's port, for the default build security group. */
  readonly testListenerPort: number;
  /** Base URL of the test listener: the suite's `TARGET_URL`. */
  readonly targetUrl: string;
  /** The suite, one shell line run at the source root, e.g. `cd service && npm ci && npm run test:integration`. */
  readonly command: string;
  /** The suite's build timeout, whole minutes from 5 to 50. */
  readonly timeoutMinutes: number;
  /** Where the suite's code comes from (e.g. `codebuild.Source.s3(...)` with the commit's source). */
  readonly source: codebuild.ISource;
  /** The CodeBuild project's name; the gate's EventBridge rule and StartBuild permission name it. */
  readonly projectName: string;
  /** Must start with `CodeDeployHook_`: the deployment group's role may invoke only such functions. */
  readonly functionName: string;
  /** The deployment group whose hook executions the gate answers. */
  readonly deploymentGroup: { readonly applicationName: string; readonly deploymentGroupName: string };
  /** Encrypts the build's and the function's log groups. */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The integration suite as a gate on green: a CodeBuild project in the environment's VPC that runs the
 * suite against the test listener, a `CodeDeployHook_*` function that starts it at AfterAllowTestTraffic,
 * and an EventBridge rule that sends the build's final state to the same function, which reports it to
 * CodeDeploy once. Events the rule cannot deliver, and invocations that fail, land in one encrypted queue.
 */
export class IntegrationGate extends Construct {
  readonly project: codebuild.Project;
  readonly function: lambda.Function;
  readonly rule: events.Rule;
  /** Undelivered build state changes and failed gate invocations: each one a hook that may go unanswered. */
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: IntegrationGateProps) {
    super(scope, id);
    validate(id, props);
    const subnets = props.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

    this.project = integrationSuiteProject(this, props, subnets);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const isDeadLetterQueue = 'This queue is itself the dead-letter queue of the gate rule and function.';
    acknowledgeNagRule(this.deadLetterQueue, 'AwsSolutions-SQS3', isDeadLetterQueue);
    acknowledgeGuardRule(this.deadLetterQueue, 'sqs_dlq_check', isDeadLetterQueue);
    this.function = this.gateFunction(props, subnets);
    this.rule = new events.Rule(this, 'BuildFinished', {
      description: `Final state of ${props.projectName} builds, for the integration gate`,
      eventPattern: {
        source: ['aws.codebuild'],
        detailType: [BUILD_STATE_CHANGE],
        detail: { 'project-name': [this.project.projectName], 'build-status': [...FINAL_BUILD_STATUSES] },
      },
    });
    this.rule.addTarget(
      new targets.LambdaFunction(this.function, {
        retryAttempts: 8,
        // Past CodeDeploy's hour the hook has failed anyway; the event then waits in the queue for a person.
        maxEventAge: Duration.hours(1),
        deadLetterQueue: this.deadLetterQueue,
      }),
    );
  }

  private gateFunction(props: IntegrationGateProps, subnets: ec2.SubnetSelection): lambda.Function {
    const securityGroup = new ec2.SecurityGroup(this, 'GateSecurityGroup', {
      vpc: props.vpc,
      description: 'Integration gate: out to the CodeBuild and CodeDeploy APIs only',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'CodeBuild and CodeDeploy APIs');

    const gate = hookFunction(this, {
      ids: { role: 'GateRole', logGroup: 'GateLogs' },
      roleDescription:
        'Integration gate: starts and reads the suite builds, reports to CodeDeploy, writes its logs, attaches to the VPC',
      handler: 'integration-gate',
      functionName: props.functionName,
      deploymentGroup: props.deploymentGroup,
      vpc: props.vpc,
      vpcSubnets: subnets,
      securityGroup,
      environment: {
        [HOOK_ENVIRONMENT.projectName]: this.project.projectName,
        [HOOK_ENVIRONMENT.targetUrl]: props.targetUrl,
        [HOOK_ENVIRONMENT.hookEvents]: 'AfterAllowTestTraffic',
      },
      // A retried start would start nothing new; a failed invocation waits in the queue for a person instead.
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
      logKey: props.logKey,
      logRetention: props.logRetention,
    });
    // BatchGetBuilds reads a finished build's variables when its state change event carries none
    // (lambdas/integration-gate/find-execution.ts); both actions take the project's ARN as their resource.
    gate.role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'],
        resources: [this.project.projectArn],
      }),
    );
    return gate.function;
  }
}

function validate(id: string, props: IntegrationGateProps): void {
  const { min, max } = SUITE_TIMEOUT_MINUTES;
  if (!Token.isUnresolved(props.timeoutMinutes)) {
    if (!Number.isInteger(props.timeoutMinutes) || props.timeoutMinutes < min || props.timeoutMinutes > max) {
      throw new Error(
        `IntegrationGate ${id}: timeoutMinutes must be a whole number from ${min} to ${max}, so the suite's final ` +
          `state reaches CodeDeploy within the hour it waits for a hook (got ${props.timeoutMinutes})`,
      );
    }
  }
  if (!Token.isUnresolved(props.command) && props.command.trim() === '') {
    throw new Error(`IntegrationGate ${id}: command must name the suite to run, e.g. 'npm run test:integration'`);
  }
  if (!Token.isUnresolved(props.functionName) && !props.functionName.startsWith('CodeDeployHook_')) {
    throw new Error(
      `IntegrationGate ${id}: functionName must start with CodeDeployHook_, the only functions the deployment ` +
        `group's role (AWSCodeDeployRoleForECS) may invoke (got '${props.functionName}')`,
    );
  }
}
