import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../../../model/config';
import type { EnvironmentNames } from '../../../model/naming';
import { acknowledgeNagRule } from '../../policy/acknowledge';
import type { BlueGreenTraffic } from '../load-balancing/application-load-balancer';
import { deploymentConfigName, predefinedDeploymentConfig } from '../../../model/deployment-config';

export interface BlueGreenDeploymentProps {
  /** The environment's CodeDeploy application and deployment config, shared by its web services. */
  readonly application: codedeploy.IEcsApplication;
  readonly deploymentConfig: codedeploy.IEcsDeploymentConfig;
  readonly deploymentGroupName: string;
  readonly service: ecs.IBaseService;
  readonly terminationWaitMinutes: number;
  readonly traffic: BlueGreenTraffic;
  readonly alarms: cloudwatch.IAlarm[];
  /** The roles the service's task definitions name; CodeDeploy passes them when it creates a task set. */
  readonly taskRoles: readonly iam.IRole[];
}

/** A web service's ECS blue/green deployment group, with the fixed name the pipeline imports it by. */
export class BlueGreenDeployment extends Construct {
  readonly deploymentGroup: codedeploy.EcsDeploymentGroup;

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id);
    if (props.alarms.length > 10) {
      throw new Error(`a deployment group takes at most 10 alarms, got ${props.alarms.length}`);
    }
    const role = this.serviceRole(props);
    this.deploymentGroup = new codedeploy.EcsDeploymentGroup(this, 'DeploymentGroup', {
      application: props.application,
      deploymentGroupName: props.deploymentGroupName,
      // aws-codedeploy attaches the full AWSCodeDeployRoleForECS to any role it is given; this role keeps its own.
      role: role.withoutPolicyUpdates(),
      service: props.service,
      deploymentConfig: props.deploymentConfig,
      blueGreenDeploymentConfig: {
        listener: props.traffic.productionListener,
        testListener: props.traffic.testListener,
        blueTargetGroup: props.traffic.blueTargetGroup,
        greenTargetGroup: props.traffic.greenTargetGroup,
        terminationWaitTime: Duration.minutes(props.terminationWaitMinutes),
      },
      alarms: props.alarms,
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });
  }

  /**
   * CodeDeploy's role, with AWS's limited ECS policy (it invokes only `CodeDeployHook_*` functions, where the full
   * policy may invoke any) plus passing exactly this service's task roles, whose names that policy does not match.
   */
  private serviceRole(props: BlueGreenDeploymentProps): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'ServiceRole', {
      assumedBy: new iam.ServicePrincipal('codedeploy.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
      description: `CodeDeploy blue/green deployments of ${props.deploymentGroupName}`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSCodeDeployRoleForECSLimited')],
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: props.taskRoles.map((r) => r.roleArn),
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    );
    acknowledgeNagRule(
      role,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSCodeDeployRoleForECSLimited]',
      "AWS's limited service policy for ECS blue/green: AWS keeps it in step with what CodeDeploy calls (task sets, " +
        'listener rules, alarms) and it invokes only CodeDeployHook_* functions; a hand-written copy could only be ' +
        'proven by a real deployment.',
    );
    return role;
  }
}

/**
 * The environment's deployment config: CodeDeploy's predefined one where it matches, else a custom config with a
 * fixed name, so the pipeline can import the deployment groups with their real config.
 */
export function environmentDeploymentConfig(
  scope: Construct,
  strategy: EnvironmentConfig['deployment'],
  names: EnvironmentNames,
): codedeploy.IEcsDeploymentConfig {
  if (strategy.type === 'allAtOnce') return codedeploy.EcsDeploymentConfig.ALL_AT_ONCE;
  const predefined = predefinedDeploymentConfig(strategy);
  if (predefined)
    return codedeploy.EcsDeploymentConfig.fromEcsDeploymentConfigName(scope, 'DeploymentConfig', predefined);
  const interval = Duration.minutes(strategy.intervalMinutes);
  return new codedeploy.EcsDeploymentConfig(scope, 'DeploymentConfig', {
    deploymentConfigName: deploymentConfigName(strategy, names.codeDeployApplication),
    trafficRouting:
      strategy.type === 'canary'
        ? new codedeploy.TimeBasedCanaryTrafficRouting({ interval, percentage: strategy.percentage })
        : new codedeploy.TimeBasedLinearTrafficRouting({ interval, percentage: strategy.percentage }),
  });
}
