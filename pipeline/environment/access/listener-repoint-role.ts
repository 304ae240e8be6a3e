import { Stack } from 'aws-cdk-lib';
import type * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { pipelineRolePrincipal } from './pipeline-role-principal';
import type { EnvironmentNames } from '../../../model/naming';
import { acknowledgeWildcards } from '../../policy/acknowledge';

/** One web service's traffic, as the re-point step reads and changes it. */
export interface RepointedTraffic {
  /** The production and test listeners its deployment group shifts traffic on. */
  readonly listeners: readonly (elbv2.IListener | elbv2.INetworkListener)[];
  /** The load balancer of those listeners: the re-point may change the rules of an Application Load Balancer's listeners. */
  readonly loadBalancer: elbv2.ILoadBalancerV2 & { readonly loadBalancerFullName: string };
  readonly service: ecs.IBaseService;
  readonly deploymentGroup: codedeploy.IEcsDeploymentGroup;
}

export interface ListenerRepointRoleProps {
  readonly names: EnvironmentNames;
  /** The account of the pipeline that deploys this environment (release account for a protected one). */
  readonly pipelineAccount: string;
  readonly pipelineRegion: string;
  readonly traffic: readonly RepointedTraffic[];
}

/**
 * The role in this environment account that the pipeline's RepointListeners step assumes after each stack update
 * (`bluegreen listeners --repoint`): a stack update that touches a traffic listener writes the template's actions,
 * which forward to the first deployment's target group (aws-cdk#36649). It trusts exactly that step's role, like
 * the other pipeline access roles, and may change only this environment's traffic listeners and their rules.
 */
export class ListenerRepointRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ListenerRepointRoleProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { traffic } = props;
    this.role = new iam.Role(this, 'Role', {
      roleName: props.names.listenerRepointRole,
      description: "Points this environment's traffic listeners at the PRIMARY task set after a stack update",
      assumedBy: pipelineRolePrincipal(props.pipelineAccount, props.pipelineRegion, props.names.repointStepRole),
    });
    // Only Application Load Balancer listeners have rules besides the default action.
    const albs = new Set(
      traffic.map((t) => t.loadBalancer).filter((lb) => lb instanceof elbv2.ApplicationLoadBalancer),
    );
    const rules = [...albs].map((lb) =>
      stack.formatArn({
        service: 'elasticloadbalancing',
        resource: 'listener-rule',
        resourceName: `${lb.loadBalancerFullName}/*`,
      }),
    );
    const statements = [
      new iam.PolicyStatement({
        actions: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        actions: ['elasticloadbalancing:ModifyListener'],
        resources: traffic.flatMap((t) => t.listeners.map((l) => l.listenerArn)),
      }),
      ...(rules.length > 0
        ? [new iam.PolicyStatement({ actions: ['elasticloadbalancing:ModifyRule'], resources: rules })]
        : []),
      new iam.PolicyStatement({
        actions: ['ecs:DescribeServices'],
        resources: traffic.map((t) => t.service.serviceArn),
      }),
      new iam.PolicyStatement({
        actions: ['codedeploy:GetDeploymentGroup', 'codedeploy:ListDeployments'],
        resources: traffic.map((t) => t.deploymentGroup.deploymentGroupArn),
      }),
    ];
    statements.forEach((statement) => this.role.addToPolicy(statement));
    acknowledgeWildcards(
      this.role,
      'elasticloadbalancing:DescribeListeners and DescribeRules support no resource-level permissions (Service ' +
        'Authorization Reference, Elastic Load Balancing V2); ModifyRule is limited to the rules of the listeners of ' +
        "this environment's load balancers, whose rule ids ELB generates.",
      [{ resource: '*' }, ...rules.map((resource) => ({ resource }))],
    );
  }
}
