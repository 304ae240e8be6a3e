import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
  type Action,
  type ElasticLoadBalancingV2Client,
  type Listener,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { explainElbError, ListenersError, type ElbPlace } from './listeners-error';

/** Socket bounds for every Elastic Load Balancing call, so the step never waits forever on a silent endpoint. */
export const ELB_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 30_000 } as const;

/** A listener has at most 100 rules (ELB quotas); more pages than this mean the endpoint is looping. */
const MAX_PAGES = 20;

/** The listeners by ARN, with their default actions and protocol; a listener ELB does not return is an error. */
export async function describeListeners(
  client: ElasticLoadBalancingV2Client,
  place: ElbPlace,
  arns: readonly string[],
): Promise<Listener[]> {
  const what = `listeners ${arns.join(', ')}`;
  const answer = await call(place, 'DescribeListeners', what, () =>
    client.send(new DescribeListenersCommand({ ListenerArns: [...arns] })),
  );
  const listeners = answer.Listeners ?? [];
  const missing = arns.filter((arn) => !listeners.some((l) => l.ListenerArn === arn));
  if (missing.length > 0)
    throw new ListenersError(`Elastic Load Balancing did not return listener ${missing.join(', ')}`);
  return listeners;
}

/** Every rule of an Application Load Balancer listener (the default rule included), over every page. */
export async function describeRules(
  client: ElasticLoadBalancingV2Client,
  place: ElbPlace,
  listenerArn: string,
): Promise<Rule[]> {
  const rules: Rule[] = [];
  let marker: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await call(place, 'DescribeRules', `listener ${listenerArn}`, () =>
      client.send(new DescribeRulesCommand({ ListenerArn: listenerArn, Marker: marker })),
    );
    rules.push(...(answer.Rules ?? []));
    if (answer.NextMarker === undefined || answer.NextMarker === '' || answer.NextMarker === marker) return rules;
    marker = answer.NextMarker;
  }
  throw new ListenersError(`Elastic Load Balancing DescribeRules kept paginating beyond ${MAX_PAGES} pages`);
}

export async function modifyListener(
  client: ElasticLoadBalancingV2Client,
  place: ElbPlace,
  listenerArn: string,
  actions: Action[],
): Promise<void> {
  await call(place, 'ModifyListener', `listener ${listenerArn}`, () =>
    client.send(new ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: actions })),
  );
}

export async function modifyRule(
  client: ElasticLoadBalancingV2Client,
  place: ElbPlace,
  ruleArn: string,
  actions: Action[],
): Promise<void> {
  await call(place, 'ModifyRule', `rule ${ruleArn}`, () =>
    client.send(new ModifyRuleCommand({ RuleArn: ruleArn, Actions: actions })),
  );
}

async function call<T>(place: ElbPlace, operation: string, what: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new ListenersError(explainElbError(error, operation, what, place));
  }
}
