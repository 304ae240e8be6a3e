import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config';
import type { EnvironmentNames } from '../naming';
import { acknowledgeNagRule } from '../policy/acknowledge';
import { deploymentConfigName, predefinedDeploymentConfig } from './deployment-config';

export interface BlueGreenDeploymentProps {
  readonly names: EnvironmentNames;
  readonly service: ecs.IBaseService;
  readonly strategy: EnvironmentConfig['deployment'];
  readonly terminationWaitMinutes: number;
  readonly productionListener: elbv2.IApplicationListener;
  readonly testListener: elbv2.IApplicationListener;
  readonly blueTargetGroup: elbv2.ITargetGroup;
  readonly greenTargetGroup: elbv2.ITargetGroup;
  readonly alarms: cloudwatch.IAlarm[];
  /** The roles the service's task definitions name; CodeDeploy passes them when it creates a task set. */
  readonly taskRoles: readonly iam.IRole[];
}

/** CodeDeploy application and ECS blue/green deployment group, both with fixed names the pipeline imports. */
export class BlueGreenDeployment extends Construct {
  readonly application: codedeploy.EcsApplication;
  readonly deploymentGroup: codedeploy.EcsDeploymentGroup;
  readonly deploymentConfig: codedeploy.IEcsDeploymentConfig;

  constructor(scope: Construct, id: string, props: BlueGreenDeploymentProps) {
    super(scope, id);
    if (props.alarms.length > 10) {
      throw new Error(`a deployment group takes at most 10 alarms, got ${props.alarms.length}`);
    }
    this.application = new codedeploy.EcsApplication(this, 'Application', {
      applicationName: props.names.codeDeployApplication,
    });
    this.deploymentConfig = this.configFor(props);
    const role = this.serviceRole(props);
    this.deploymentGroup = new codedeploy.EcsDeploymentGroup(this, 'DeploymentGroup', {
      application: this.application,
      deploymentGroupName: props.names.deploymentGroup,
      // aws-codedeploy attaches the full AWSCodeDeployRoleForECS to any role it is given; this role keeps its own.
      role: role.withoutPolicyUpdates(),
      service: props.service,
      deploymentConfig: this.deploymentConfig,
      blueGreenDeploymentConfig: {
        listener: props.productionListener,
        testListener: props.testListener,
        blueTargetGroup: props.blueTargetGroup,
        greenTargetGroup: props.greenTargetGroup,
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
      description: `CodeDeploy blue/green deployments of ${props.names.service}`,
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

  private configFor(props: BlueGreenDeploymentProps): codedeploy.IEcsDeploymentConfig {
    const { strategy } = props;
    if (strategy.type === 'allAtOnce') return codedeploy.EcsDeploymentConfig.ALL_AT_ONCE;
    const predefined = predefinedDeploymentConfig(strategy);
    if (predefined) return codedeploy.EcsDeploymentConfig.fromEcsDeploymentConfigName(this, 'Config', predefined);
    const interval = Duration.minutes(strategy.intervalMinutes);
    return new codedeploy.EcsDeploymentConfig(this, 'Config', {
      deploymentConfigName: deploymentConfigName(strategy, props.names.codeDeployApplication),
      trafficRouting:
        strategy.type === 'canary'
          ? new codedeploy.TimeBasedCanaryTrafficRouting({ interval, percentage: strategy.percentage })
          : new codedeploy.TimeBasedLinearTrafficRouting({ interval, percentage: strategy.percentage }),
    });
  }
}
