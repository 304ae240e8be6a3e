import { asList, asObject, asString } from '../preflight/json-value';
import type { TemplateResource } from '../preflight/assembly-model';
import type { Mark } from './resource-change';

const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';

/**
 * The listeners a CodeDeploy ECS deployment group shifts traffic on (its production and test traffic routes, by
 * logical id). CodeDeploy re-points them at the replacement target group at every deployment, so after a swap
 * their live rules differ from the template's.
 */
export function trafficRouteListeners(resources: Readonly<Record<string, TemplateResource>>): Set<string> {
  const listeners = new Set<string>();
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::CodeDeploy::DeploymentGroup') continue;
    const pairs = asList(asObject(resource.Properties.LoadBalancerInfo)?.TargetGroupPairInfoList);
    for (const pair of pairs.map(asObject)) {
      for (const route of [pair?.ProdTrafficRoute, pair?.TestTrafficRoute].map(asObject)) {
        for (const arn of asList(route?.ListenerArns)) {
          const ref = asString(asObject(arn)?.Ref);
          if (ref !== undefined) listeners.add(ref);
        }
      }
    }
  }
  return listeners;
}

/**
 * A change of a traffic-route listener: CloudFormation writes its rules from the template, which forward to the
 * blue target group, while after every other deployment the live tasks stand behind green (aws-cdk issue 36649).
 */
export function marksOfTrafficListenerChange(type: string, logicalId: string, routes: ReadonlySet<string>): Mark[] {
  if (type !== LISTENER || !routes.has(logicalId)) return [];
  return [
    {
      word: 'RESETS',
      reason:
        'CodeDeploy shifts traffic on this listener; an update writes the rules of the template, which forward to the ' +
        'blue target group, and after a swap the live tasks are in the other one: production would forward to an ' +
        'empty target group until the next deployment. The pipelines re-point it after each stack update; after an ' +
        'update outside them, run bluegreen listeners --repoint -e <environment>',
    },
  ];
}
