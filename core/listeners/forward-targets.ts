import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';

/** `blue-tg` of `arn:aws:elasticloadbalancing:eu-west-1:111:targetgroup/blue-tg/0123456789abcdef`. */
export function targetGroupName(arn: string): string {
  return /:targetgroup\/([^/]+)\//.exec(arn)?.[1] ?? arn;
}

/**
 * The target groups a forward action sends requests to: its TargetGroupArn, or those of its ForwardConfig with a
 * weight above 0 (a weight left out counts, as ELB then forwards to it). A weighted pair at 0/100 is where
 * CodeDeploy may leave a listener after a canary or linear shift.
 */
export function forwardedTargetGroups(action: Action): string[] {
  if (action.TargetGroupArn !== undefined) return [action.TargetGroupArn];
  return (action.ForwardConfig?.TargetGroups ?? [])
    .filter((tuple) => tuple.Weight === undefined || tuple.Weight > 0)
    .flatMap((tuple) => (tuple.TargetGroupArn === undefined ? [] : [tuple.TargetGroupArn]));
}

/** Every target group an action names, at any weight. */
function namedTargetGroups(action: Action): string[] {
  if (action.TargetGroupArn !== undefined) return [action.TargetGroupArn];
  return (action.ForwardConfig?.TargetGroups ?? []).flatMap((t) => (t.TargetGroupArn ? [t.TargetGroupArn] : []));
}

/** What a listener's (or a rule's) actions need so that they forward to the PRIMARY task set's target group. */
export type ActionsVerdict =
  | { readonly kind: 'right' }
  /** Actions that name neither target group of the deployment group: not traffic CodeDeploy shifts. */
  | { readonly kind: 'unrelated' }
  | { readonly kind: 'repoint'; readonly from: readonly string[]; readonly actions: Action[] }
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * Judges the actions of one listener or rule against the deployment group's two target groups (`pair`, by name) and
 * the one the PRIMARY task set serves (`primaryArn`). The forward action is replaced by a plain forward to the
 * primary target group at the same Order; any other action (authentication first, say) is kept as it is.
 */
export function judgeActions(actions: readonly Action[], pair: readonly string[], primaryArn: string): ActionsVerdict {
  const forwards = actions.filter((action) => action.Type === 'forward');
  const named = forwards.flatMap(namedTargetGroups);
  if (!named.some((arn) => pair.includes(targetGroupName(arn)))) return { kind: 'unrelated' };
  if (forwards.length !== 1) {
    return { kind: 'unknown', reason: `${forwards.length} forward actions where ELB allows one` };
  }
  const stranger = named.find((arn) => !pair.includes(targetGroupName(arn)));
  if (stranger !== undefined) {
    return {
      kind: 'unknown',
      reason: `it forwards to ${targetGroupName(stranger)} as well, which is neither target group of the deployment group (${pair.join(', ')})`,
    };
  }
  const live = forwardedTargetGroups(forwards[0]);
  if (live.length === 1 && live[0] === primaryArn) return { kind: 'right' };
  const replaced: Action = { Type: 'forward', TargetGroupArn: primaryArn, Order: forwards[0].Order };
  return {
    kind: 'repoint',
    from: live.map(targetGroupName),
    actions: actions.map((action) => (action === forwards[0] ? replaced : action)),
  };
}
