import type { Violation } from './violation';

type Resources = Record<string, { readonly Type: string; readonly Properties?: Record<string, unknown> }>;

/** The load balancing a deployment group shifts: its target groups, its listeners and their load balancers. */
export interface GroupLoadBalancing {
  readonly targetGroups: ReadonlySet<string>;
  readonly listeners: ReadonlySet<string>;
  readonly loadBalancers: ReadonlySet<string>;
}

/** What a deployment group's `LoadBalancerInfo` names, by logical id. */
export function groupLoadBalancing(group: Record<string, unknown>, resources: Resources): GroupLoadBalancing {
  const info = group.LoadBalancerInfo as {
    TargetGroupPairInfoList?: {
      TargetGroups?: { Name?: unknown }[];
      ProdTrafficRoute?: { ListenerArns?: unknown[] };
      TestTrafficRoute?: { ListenerArns?: unknown[] };
    }[];
  };
  const pairs = info.TargetGroupPairInfoList ?? [];
  const targetGroups = pairs.flatMap((p) => p.TargetGroups ?? []).flatMap((tg) => idOf(tg.Name, 'TargetGroupName'));
  const listeners = pairs
    .flatMap((p) => [...(p.ProdTrafficRoute?.ListenerArns ?? []), ...(p.TestTrafficRoute?.ListenerArns ?? [])])
    .flatMap((arn) => idOf(arn));
  const loadBalancers = listeners.flatMap((id) => idOf(resources[id]?.Properties?.LoadBalancerArn));
  return { targetGroups: new Set(targetGroups), listeners: new Set(listeners), loadBalancers: new Set(loadBalancers) };
}

/**
 * A rollback alarm's dimensions name exactly the deployment's own load balancing, as CloudWatch reports it: a
 * `LoadBalancer` (the full name of one of the group's load balancers, or cut from one of its listeners' ARNs as CDK
 * does) and, for a target group metric, a `TargetGroup` (the full name of one of the group's target groups). Another
 * dimension name, a value around the reference, or an idle target group of the template leaves the alarm without data.
 */
export function dimensionViolations(
  dimensions: unknown,
  path: string,
  group: GroupLoadBalancing,
  perTargetGroup: boolean,
): Violation[] {
  const list = Array.isArray(dimensions) ? (dimensions as { Name?: unknown; Value?: unknown }[]) : [];
  const names = list.map((d) => d.Name);
  const wrong = list.filter(
    (d) =>
      !(d.Name === 'LoadBalancer' && namesLoadBalancer(d.Value, group)) &&
      !(d.Name === 'TargetGroup' && idOf(d.Value, 'TargetGroupFullName').some((id) => group.targetGroups.has(id))),
  );
  const complete = names.includes('LoadBalancer') && (!perTargetGroup || names.includes('TargetGroup'));
  if (wrong.length === 0 && complete && new Set(names).size === names.length) return [];
  return [
    {
      path: `${path}.Dimensions`,
      found: `dimensions ${JSON.stringify(names)} that do not name exactly the deployment's load balancer and target groups`,
      required: `LoadBalancer${perTargetGroup ? ' and TargetGroup' : ''} of this deployment group's own load balancing, as CDK writes them`,
    },
  ];
}

function namesLoadBalancer(value: unknown, group: GroupLoadBalancing): boolean {
  if (idOf(value, 'LoadBalancerFullName').some((id) => group.loadBalancers.has(id))) return true;
  // CDK's `app/<name>/<id>` cut from a listener's ARN: Join('', [Select(1), '/', Select(2), '/', Select(3)]).
  const join = (value as { 'Fn::Join'?: [unknown, unknown[]] } | null)?.['Fn::Join'];
  if (!Array.isArray(join) || join[0] !== '' || !Array.isArray(join[1]) || join[1].length !== 5) return false;
  const [a, slash1, b, slash2, c] = join[1];
  if (slash1 !== '/' || slash2 !== '/') return false;
  const listener = (part: unknown, index: number) => {
    const select = (part as { 'Fn::Select'?: [unknown, { 'Fn::Split'?: [unknown, unknown] }] } | null)?.['Fn::Select'];
    const split = select?.[1]?.['Fn::Split'];
    return select?.[0] === index && split?.[0] === '/' ? idOf(split[1])[0] : undefined;
  };
  const id = listener(a, 1);
  return id !== undefined && group.listeners.has(id) && listener(b, 2) === id && listener(c, 3) === id;
}

/**
 * Each composite alarm (the bake watches the environment's `…-rollback-any`) fires when any of the template's rollback
 * alarms does: its rule is an OR of `ALARM(<arn>)` over alarms of the template, covering every alarm the deployment
 * groups roll back on. A constant, AND, NOT or another alarm's state would keep the bake green over a bad release.
 */
export function compositeAlarmViolations(
  resources: Resources,
  stack: string,
  rollbackAlarms: Set<string>,
): Violation[] {
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === 'AWS::CloudWatch::CompositeAlarm')
    .flatMap(([id, resource]): Violation[] => {
      const rule = ruleText(resource.Properties?.AlarmRule);
      const watched = [...rule.matchAll(/ALARM\("\$\{([A-Za-z0-9]+)\.Arn\}"\)/g)].map((m) => m[1]);
      const rest = rule.replace(/ALARM\("\$\{[A-Za-z0-9]+\.Arn\}"\)/g, '').replace(/[()\s]|OR/g, '');
      const missing = [...rollbackAlarms].filter((alarm) => !watched.includes(alarm));
      const foreign = watched.filter((alarm) => resources[alarm]?.Type !== 'AWS::CloudWatch::Alarm');
      if (rest === '' && missing.length === 0 && foreign.length === 0 && watched.length > 0) return [];
      return [
        {
          path: `${stack}/${id}.AlarmRule`,
          found:
            rest !== '' ? `a rule with ${rest.slice(0, 60)}` : `a rule without ${[...missing, ...foreign].join(', ')}`,
          required: 'ALARM(…) of every rollback alarm of this template, joined by OR and nothing else',
        },
      ];
    });
}

/** The target groups an alarm's `TargetGroup` dimensions name, by logical id. */
export function alarmTargetGroups(dimensions: unknown): string[] {
  const list = Array.isArray(dimensions) ? (dimensions as { Name?: unknown; Value?: unknown }[]) : [];
  return list.filter((d) => d.Name === 'TargetGroup').flatMap((d) => idOf(d.Value, 'TargetGroupFullName'));
}

/**
 * The bake watches the environment's `…-rollback-any` alarm by name: that name belongs to a composite alarm (judged
 * above), never to a metric alarm of another metric.
 */
export function bakeAlarmNameViolations(resources: Resources, stack: string): Violation[] {
  return Object.entries(resources)
    .filter(
      ([, r]) => r.Type === 'AWS::CloudWatch::Alarm' && String(r.Properties?.AlarmName ?? '').endsWith('-rollback-any'),
    )
    .map(([id, r]) => ({
      path: `${stack}/${id}.AlarmName`,
      found: `metric alarm named ${String(r.Properties?.AlarmName)}`,
      required: 'the …-rollback-any name on the composite alarm of every rollback alarm only',
    }));
}

/** A rule as text, `${Id.Arn}` for each `Fn::GetAtt [Id, Arn]` of a Join. */
function ruleText(value: unknown): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, unknown[]] } | null)?.['Fn::Join'];
  if (!Array.isArray(join) || !Array.isArray(join[1])) return JSON.stringify(value);
  return join[1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const [id] = idOf(part, 'Arn');
      return id === undefined ? JSON.stringify(part) : `\${${id}.Arn}`;
    })
    .join(join[0]);
}

/** The logical id a `Ref` names, or a `Fn::GetAtt` of `attribute` (any attribute when none is given). */
function idOf(value: unknown, attribute?: string): string[] {
  if (value === null || typeof value !== 'object') return [];
  const ref = (value as { Ref?: unknown }).Ref;
  if (typeof ref === 'string' && attribute === undefined) return [ref];
  const getAtt = (value as { 'Fn::GetAtt'?: unknown[] })['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && (attribute === undefined || getAtt[1] === attribute))
    return [getAtt[0]];
  return [];
}
