import { Duration, Fn, Stack } from 'aws-cdk-lib';
import type * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REPOINT_ENVIRONMENT, type RepointedService } from '../../../model/lambda-contracts';
import type { EnvironmentNames } from '../../../model/naming';
import { acknowledgeWildcards } from '../../policy/acknowledge';
import { vpcFunction } from './vpc-function';

/** One web service's traffic, as the re-point function reads and changes it. */
export interface RepointedTraffic {
  /** The service's name in the configuration, for messages. */
  readonly service: string;
  /** The production and test listeners its deployment group shifts traffic on. */
  readonly listeners: readonly [elbv2.IListener | elbv2.INetworkListener, elbv2.IListener | elbv2.INetworkListener];
  /** The blue and green target groups. */
  readonly targetGroups: readonly [elbv2.ITargetGroup, elbv2.ITargetGroup];
  /** The load balancer of those listeners: only an Application Load Balancer's listeners have rules to change. */
  readonly loadBalancer: elbv2.ILoadBalancerV2;
  readonly ecsService: ecs.IBaseService;
  readonly deploymentGroup: codedeploy.IEcsDeploymentGroup;
}

export interface ListenerRepointFunctionProps {
  readonly names: EnvironmentNames;
  readonly traffic: readonly RepointedTraffic[];
  readonly vpc: ec2.IVpc;
  /** Where the function runs. @default - the VPC's private subnets with egress */
  readonly subnets?: ec2.SubnetSelection;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * The environment's listener re-point as a function without input (lambdas/listener-repoint): after a stack update it
 * points each web service's production and test listeners (and their rules) back at the PRIMARY task set's target
 * group (aws-cdk#36649). What it acts on is fixed by this stack in its environment variables, and its role may modify
 * only those listeners and their rules, so whoever may invoke it can do this one thing and nothing else.
 */
export class ListenerRepointFunction extends Construct {
  readonly function: lambda.Function;

  constructor(scope: Construct, id: string, props: ListenerRepointFunctionProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { traffic } = props;
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Listener re-point: out to the Elastic Load Balancing, ECS and CodeDeploy APIs only',
      allowAllOutbound: false,
    });
    securityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'Elastic Load Balancing, ECS and CodeDeploy APIs',
    );

    const listenerArns = traffic.flatMap((t) => t.listeners.map((l) => l.listenerArn));
    const ruleArns = traffic
      .filter((t) => t.loadBalancer instanceof elbv2.ApplicationLoadBalancer)
      .flatMap((t) => t.listeners.map((l) => rulesOf(l.listenerArn)));
    const services: RepointedService[] = traffic.map((t) => ({
      service: t.service,
      deploymentGroup: t.deploymentGroup.deploymentGroupName,
      listeners: t.listeners.map((l) => l.listenerArn),
      targetGroups: t.targetGroups.map((g) => g.targetGroupName),
    }));

    const repoint = vpcFunction(this, {
      ids: { role: 'Role', logGroup: 'Logs' },
      roleDescription: "Points this environment's traffic listeners at the PRIMARY task set; invoked without input",
      handler: 'listener-repoint',
      functionName: props.names.listenerRepointFunction,
      statements: [
        // Service Authorization Reference, Elastic Load Balancing V2: the Describe actions take no resource.
        new iam.PolicyStatement({
          actions: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({ actions: ['elasticloadbalancing:ModifyListener'], resources: listenerArns }),
        ...(ruleArns.length > 0
          ? [new iam.PolicyStatement({ actions: ['elasticloadbalancing:ModifyRule'], resources: ruleArns })]
          : []),
        new iam.PolicyStatement({
          actions: ['ecs:DescribeServices'],
          resources: traffic.map((t) => t.ecsService.serviceArn),
        }),
        new iam.PolicyStatement({
          actions: ['codedeploy:GetDeploymentGroup', 'codedeploy:ListDeployments'],
          resources: traffic.map((t) => t.deploymentGroup.deploymentGroupArn),
        }),
      ],
      vpc: props.vpc,
      vpcSubnets: props.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup,
      environment: {
        [REPOINT_ENVIRONMENT.environment]: props.names.environment,
        [REPOINT_ENVIRONMENT.account]: stack.account,
        [REPOINT_ENVIRONMENT.application]: props.names.codeDeployApplication,
        [REPOINT_ENVIRONMENT.services]: stack.toJsonString(services),
      },
      // Every call is bounded (30 s per request) and a run makes a few; the step's invoke waits a little longer.
      timeout: Duration.minutes(2),
      logKey: props.logKey,
      logRetention: props.logRetention,
    });
    acknowledgeWildcards(
      repoint.role,
      'elasticloadbalancing:DescribeListeners and DescribeRules support no resource-level permissions (Service ' +
        'Authorization Reference, Elastic Load Balancing V2); ModifyRule is limited to the rules of the traffic ' +
        'listeners, whose rule ids ELB generates.',
      [{ resource: '*' }, ...ruleArns.map((resource) => ({ resource }))],
    );
    this.function = repoint.function;
  }
}

/** `…:listener-rule/app/<lb>/<lb id>/<listener id>/*`: every rule of the listener `…:listener/app/<lb>/<lb id>/<listener id>`. */
function rulesOf(listenerArn: string): string {
  const parts = Fn.split(':listener/', listenerArn, 2);
  return Fn.join('', [Fn.select(0, parts), ':listener-rule/', Fn.select(1, parts), '/*']);
}
