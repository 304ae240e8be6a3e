import type { Service } from '@aws-sdk/client-ecs';
import { targetGroupName } from './forward-targets';

/** The target group production should forward to, or why it cannot be told. */
export type PrimaryTargetGroup = { readonly arn: string } | { readonly problem: string };

/**
 * The target group of the service's PRIMARY task set: the tasks that serve production once no deployment runs
 * (CodeDeploy makes the replacement task set PRIMARY when it shifts traffic). Exactly one PRIMARY task set with
 * exactly one load balancer, on one of the deployment group's target groups (`pair`, by name); anything else is an
 * unknown state, and nothing is changed on it.
 */
export function primaryTargetGroup(service: Service, pair: readonly string[]): PrimaryTargetGroup {
  const primaries = (service.taskSets ?? []).filter((set) => set.status === 'PRIMARY');
  if (primaries.length !== 1) {
    return { problem: `ECS lists ${primaries.length} PRIMARY task sets for it, where one is expected` };
  }
  const groups = (primaries[0].loadBalancers ?? []).flatMap((lb) => (lb.targetGroupArn ? [lb.targetGroupArn] : []));
  if (groups.length !== 1) {
    return { problem: `its PRIMARY task set ${primaries[0].id ?? '?'} names ${groups.length} target groups` };
  }
  if (!pair.includes(targetGroupName(groups[0]))) {
    return {
      problem:
        `its PRIMARY task set serves target group ${targetGroupName(groups[0])}, which is neither target group of ` +
        `the deployment group (${pair.join(', ')})`,
    };
  }
  return { arn: groups[0] };
}
