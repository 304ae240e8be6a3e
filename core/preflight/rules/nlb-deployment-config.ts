import type { AssemblyStack } from '../assembly-model';
import { asList, asObject, asString, pathOf, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { getAttTarget, refTarget, resourcesOfType, textOf } from '../template-values';

const ALL_AT_ONCE = 'CodeDeployDefault.ECSAllAtOnce';
/** Target-group protocols only a Network Load Balancer serves. */
const NLB_PROTOCOLS = ['TCP', 'TLS', 'UDP', 'TCP_UDP'];

/**
 * CodeDeploy's ECS blue/green behind a Network Load Balancer supports only CodeDeployDefault.ECSAllAtOnce; a
 * canary or linear config needs an Application Load Balancer. Checked for every ECS deployment group whose
 * listeners or target groups belong to an NLB.
 */
export const nlbDeploymentConfig: Rule = {
  id: 'nlb-deployment-config',
  severity: 'error',
  title: 'CodeDeploy ECS deployment groups behind an NLB shift traffic all at once',
  awsBehaviour:
    'With a Network Load Balancer, CodeDeploy blue/green deployments of an ECS service support only the ' +
    'CodeDeployDefault.ECSAllAtOnce deployment configuration; canary and linear traffic shifting needs an ALB.',
  docUrl: 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html',
  check: (assembly) =>
    assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::CodeDeploy::DeploymentGroup'))
      .filter((group) => group.resource.Properties.ECSServices !== undefined)
      .flatMap((group): RuleFinding[] => {
        const { stack, resource } = group;
        const pairs = asList(pathOf(resource.Properties.LoadBalancerInfo, 'TargetGroupPairInfoList'));
        const behindNlb = pairs.some((pair) => pairBehindNlb(stack, pair));
        if (!behindNlb) return [];
        const config = shiftingOf(stack, resource.Properties.DeploymentConfigName);
        if (config.kind === 'all-at-once') return [];
        const where = { stack, logicalId: group.logicalId, resource };
        if (config.kind === 'unknown') {
          return [
            {
              ...where,
              severity: 'warning',
              message:
                `cannot tell how the deployment config '${config.name}' shifts traffic; this group is behind an NLB, ` +
                `where only ${ALL_AT_ONCE} is supported`,
            },
          ];
        }
        return [
          {
            ...where,
            severity: 'error',
            message:
              `the deployment group is behind a Network Load Balancer but uses '${config.name}' (${config.kind}): ` +
              `CodeDeploy supports only ${ALL_AT_ONCE} with an NLB; use it, or put the service behind an ALB`,
          },
        ];
      }),
};

/** True when a target group pair's production listener or target groups belong to an NLB of this stack. */
function pairBehindNlb(stack: AssemblyStack, pair: JsonValue): boolean {
  const resources = stack.template.Resources;
  const listeners = [
    ...asList(pathOf(pair, 'ProdTrafficRoute', 'ListenerArns')),
    ...asList(pathOf(pair, 'TestTrafficRoute', 'ListenerArns')),
  ];
  const listenerOnNlb = listeners.some((arn) => {
    const listener = resources[refTarget(arn) ?? ''];
    if (listener?.Type !== 'AWS::ElasticLoadBalancingV2::Listener') return false;
    const balancer = resources[refTarget(listener.Properties.LoadBalancerArn) ?? ''];
    return (
      balancer?.Properties.Type === 'network' || NLB_PROTOCOLS.includes(asString(listener.Properties.Protocol) ?? '')
    );
  });
  const targetGroupOnNlb = asList(pathOf(pair, 'TargetGroups')).some((tg) => {
    const name = asObject(tg)?.Name;
    const id = getAttTarget(name)?.logicalId ?? refTarget(name);
    const targetGroup = id === undefined ? undefined : resources[id];
    return NLB_PROTOCOLS.includes(asString(targetGroup?.Properties.Protocol) ?? '');
  });
  return listenerOnNlb || targetGroupOnNlb;
}

type Shifting =
  { readonly kind: 'all-at-once' } | { readonly kind: 'canary' | 'linear' | 'unknown'; readonly name: string };

/** How the group's deployment config shifts traffic: a predefined name, or a custom config of the stack. */
function shiftingOf(stack: AssemblyStack, value: JsonValue | undefined): Shifting {
  // CodeDeploy's default for an ECS deployment group without a config is CodeDeployDefault.ECSAllAtOnce.
  if (value === undefined) return { kind: 'all-at-once' };
  const name = asString(value);
  if (name !== undefined) {
    if (name === ALL_AT_ONCE) return { kind: 'all-at-once' };
    if (name.startsWith('CodeDeployDefault.ECSCanary')) return { kind: 'canary', name };
    if (name.startsWith('CodeDeployDefault.ECSLinear')) return { kind: 'linear', name };
  }
  const custom =
    stack.template.Resources[refTarget(value) ?? ''] ??
    resourcesOfType(stack, 'AWS::CodeDeploy::DeploymentConfig').find(
      (c) => name !== undefined && c.resource.Properties.DeploymentConfigName === name,
    )?.resource;
  if (custom?.Type === 'AWS::CodeDeploy::DeploymentConfig') {
    const customName = asString(custom.Properties.DeploymentConfigName) ?? textOf(value);
    const type = asString(pathOf(custom.Properties.TrafficRoutingConfig, 'Type'));
    if (type === 'AllAtOnce') return { kind: 'all-at-once' };
    if (type === 'TimeBasedCanary') return { kind: 'canary', name: customName };
    if (type === 'TimeBasedLinear') return { kind: 'linear', name: customName };
  }
  // A custom config named by a plain string (made elsewhere) cannot be judged from this stack.
  return { kind: 'unknown', name: textOf(value) };
}
