import type { CodeDeployClient, DeploymentGroupInfo } from '@aws-sdk/client-codedeploy';
import { DescribeServicesCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { Action, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { getDeploymentGroup, listRunningDeploymentIds } from '../deployments/codedeploy-calls';
import { describeGroup, type GroupRef } from '../deployments/group-ref';
import { explainEcsError } from '../ecs-errors';
import { describeListeners, describeRules, modifyListener, modifyRule } from './elb-calls';
import { judgeActions, targetGroupName } from './forward-targets';
import { ListenersError } from './listeners-error';
import { primaryTargetGroup } from './primary-target-group';

/** The SDK clients of the environment's account and region. */
export interface RepointClients {
  readonly codeDeploy: CodeDeployClient;
  readonly ecs: ECSClient;
  readonly elb: ElasticLoadBalancingV2Client;
}

/** One listener's default actions, or one listener rule's actions, that must forward to another target group. */
export interface RepointChange {
  readonly service: string;
  readonly kind: 'listener' | 'rule';
  readonly arn: string;
  readonly from: readonly string[];
  /** The PRIMARY task set's target group. */
  readonly to: string;
  readonly actions: Action[];
}

/**
 * The traffic a deployment was made for (the re-point function's stack knows it): listener ARNs and target group
 * names. A deployment group that names anything else is an unknown state.
 */
export interface ExpectedTraffic {
  readonly listeners: readonly string[];
  readonly targetGroups: readonly string[];
}

/**
 * What must change so that every listener (and listener rule) the web service's deployment group shifts traffic on
 * forwards to the target group of the service's PRIMARY task set. Reads only. Throws a ListenersError, before
 * anything changes, while a deployment of the group runs (CodeDeploy owns the listeners then) and on any state it
 * cannot judge: no or several PRIMARY task sets, a listener forwarding to a target group of neither colour, and, with
 * `expected`, a deployment group that names a listener or target group other than those.
 */
export async function planRepoint(
  clients: RepointClients,
  service: string,
  ref: GroupRef,
  expected?: ExpectedTraffic,
): Promise<RepointChange[]> {
  const group = await getDeploymentGroup(clients.codeDeploy, ref);
  await refuseWhileDeploying(clients.codeDeploy, ref);
  const { pair, listeners } = trafficOf(group, ref);
  if (expected !== undefined) refuseUnexpected(ref, { listeners, targetGroups: pair }, expected);
  const primary = primaryTargetGroup(await describeService(clients.ecs, group, ref), pair);
  if ('problem' in primary) throw unknownState(ref, `service ${service}: ${primary.problem}`);

  const changes: RepointChange[] = [];
  const judge = (kind: RepointChange['kind'], arn: string, actions: Action[] = []) => {
    const verdict = judgeActions(actions, pair, primary.arn);
    if (verdict.kind === 'unknown') throw unknownState(ref, `${kind} ${arn}: ${verdict.reason}`);
    if (verdict.kind === 'repoint') {
      changes.push({
        service,
        kind,
        arn,
        from: verdict.from,
        to: targetGroupName(primary.arn),
        actions: verdict.actions,
      });
    }
    return verdict.kind;
  };
  for (const listener of await describeListeners(clients.elb, ref, listeners)) {
    const arn = listener.ListenerArn ?? '';
    // A traffic route that forwards elsewhere by default may carry the service on a rule instead.
    const verdicts = [judge('listener', arn, listener.DefaultActions)];
    if (listener.Protocol === 'HTTP' || listener.Protocol === 'HTTPS') {
      for (const rule of await describeRules(clients.elb, ref, arn)) {
        if (rule.IsDefault !== true) verdicts.push(judge('rule', rule.RuleArn ?? '', rule.Actions));
      }
    }
    if (verdicts.every((kind) => kind === 'unrelated')) {
      throw unknownState(
        ref,
        `listener ${arn} forwards to neither target group of the deployment group (${pair.join(', ')})`,
      );
    }
  }
  return changes;
}

/** Applies the changes planRepoint found, after checking once more that no deployment started meanwhile. */
export async function applyRepoint(
  clients: RepointClients,
  ref: GroupRef,
  changes: readonly RepointChange[],
): Promise<void> {
  if (changes.length === 0) return;
  await refuseWhileDeploying(clients.codeDeploy, ref);
  for (const change of changes) {
    if (change.kind === 'listener') await modifyListener(clients.elb, ref, change.arn, change.actions);
    else await modifyRule(clients.elb, ref, change.arn, change.actions);
  }
}

/** `service web: listener <arn> forwards to blue-tg; re-pointed to green-tg (PRIMARY task set)`. */
export function formatChange(change: RepointChange, done: boolean): string {
  const from = change.from.length > 0 ? change.from.join(' + ') : 'no target group';
  return (
    `service ${change.service}: ${change.kind} ${change.arn} forwards to ${from}; ` +
    `${done ? 're-pointed' : 'would re-point'} to ${change.to} (PRIMARY task set)`
  );
}

async function refuseWhileDeploying(client: CodeDeployClient, ref: GroupRef): Promise<void> {
  const running = await listRunningDeploymentIds(client, ref);
  if (running.length > 0) {
    throw new ListenersError(
      `deployment ${running.join(', ')} of ${describeGroup(ref)} is in progress and CodeDeploy moves the listeners ` +
        `itself; nothing was changed. Wait for it to end ('bluegreen status -e ${ref.environment}') and run again`,
    );
  }
}

/** The deployment group's two target groups (by name) and every listener of its production and test routes. */
function trafficOf(group: DeploymentGroupInfo, ref: GroupRef): { pair: string[]; listeners: string[] } {
  const pairs = group.loadBalancerInfo?.targetGroupPairInfoList ?? [];
  if (pairs.length !== 1) throw unknownState(ref, `the deployment group has ${pairs.length} target group pairs`);
  const pair = (pairs[0].targetGroups ?? []).flatMap((tg) => (tg.name ? [tg.name] : []));
  const listeners = [
    ...(pairs[0].prodTrafficRoute?.listenerArns ?? []),
    ...(pairs[0].testTrafficRoute?.listenerArns ?? []),
  ];
  if (pair.length !== 2 || listeners.length === 0) {
    throw unknownState(
      ref,
      `the deployment group names ${pair.length} target groups and ${listeners.length} listeners`,
    );
  }
  return { pair, listeners: [...new Set(listeners)] };
}

/** The group as CodeDeploy describes it must name exactly the expected listeners and target groups. */
function refuseUnexpected(ref: GroupRef, actual: ExpectedTraffic, expected: ExpectedTraffic): void {
  const strangers = [
    ...actual.listeners.filter((arn) => !expected.listeners.includes(arn)).map((arn) => `listener ${arn}`),
    ...actual.targetGroups
      .filter((name) => !expected.targetGroups.includes(name))
      .map((name) => `target group ${name}`),
  ];
  if (strangers.length > 0) {
    throw unknownState(
      ref,
      `the deployment group names ${strangers.join(', ')}, which its stack did not deploy it with ` +
        `(listeners ${expected.listeners.join(', ')}; target groups ${expected.targetGroups.join(', ')})`,
    );
  }
}

async function describeService(client: ECSClient, group: DeploymentGroupInfo, ref: GroupRef) {
  const target = group.ecsServices?.[0];
  if (target?.clusterName === undefined || target.serviceName === undefined) {
    throw unknownState(ref, 'the deployment group names no ECS service');
  }
  const place = { ...ref, cluster: target.clusterName };
  let answer;
  try {
    answer = await client.send(
      new DescribeServicesCommand({ cluster: target.clusterName, services: [target.serviceName] }),
    );
  } catch (error) {
    throw new ListenersError(explainEcsError(error, 'DescribeServices', place));
  }
  const found = answer.services?.find((s) => s.serviceName === target.serviceName && s.status === 'ACTIVE');
  if (found === undefined) {
    throw unknownState(ref, `ECS service ${target.serviceName} is not ACTIVE in cluster ${target.clusterName}`);
  }
  return found;
}

function unknownState(ref: GroupRef, what: string): ListenersError {
  return new ListenersError(
    `cannot tell where production should point for ${describeGroup(ref)}: ${what}; nothing was changed. ` +
      `Look with 'bluegreen status -e ${ref.environment}' and point the listeners at the PRIMARY task set's ` +
      `target group by hand ('aws elbv2 modify-listener', README "Listeners after a stack update")`,
  );
}
