import type { Failure, Service } from '@aws-sdk/client-ecs';
import type { Clock, Sleep } from '../timing';
import { judgeRollout, revisionOf } from './judge-rollout';
import type { WorkerTarget } from './worker-targets';

/** One DescribeServices read of the workers, classified. */
export type ServicesRead =
  | { readonly kind: 'answer'; readonly services: readonly Service[]; readonly failures: readonly Failure[] }
  /** Worth asking again at the next poll: throttled, a server fault, the network. */
  | { readonly kind: 'retry'; readonly reason: string }
  /** An error that will not clear (refused credentials, a missing permission or cluster). */
  | { readonly kind: 'fatal'; readonly reason: string };

/** The ECS calls roll-workers makes on one cluster; tests replace them. */
export interface WorkerRolloutApi {
  /**
   * UpdateService of `service` to exactly `taskDefinitionArn` (nothing else changes: a singleton keeps its 0/100
   * deployment configuration). Resolves to the id of the PRIMARY deployment ECS answers with when it runs that
   * revision; throws an Error whose message is the one line to print when ECS refuses.
   */
  readonly update: (service: string, taskDefinitionArn: string) => Promise<string | undefined>;
  readonly describe: (services: readonly string[]) => Promise<ServicesRead>;
}

export interface RolloutTiming {
  /** Overall bound from the first UpdateService on. */
  readonly timeoutMs: number;
  /** Pause between DescribeServices reads. */
  readonly pollMs: number;
}

export interface RolloutWatch {
  readonly api: WorkerRolloutApi;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly timing: RolloutTiming;
  /** Hears each worker's changes of state and each reason for asking again. */
  readonly onProgress?: (text: string) => void;
}

export interface WorkerResult extends WorkerTarget {
  readonly outcome: 'completed' | 'failed' | 'timeout';
  readonly reason?: string;
}

/**
 * Moves every worker to its revision side by side (UpdateService), then reads them (DescribeServices) every poll
 * until each one's PRIMARY deployment of that revision is COMPLETED, has failed, or the timeout passes. A timeout
 * leaves the deployment to ECS, whose circuit breaker still watches it; the command reports it as not done.
 */
export async function rollWorkers(targets: readonly WorkerTarget[], watch: RolloutWatch): Promise<WorkerResult[]> {
  const deadline = watch.clock() + watch.timing.timeoutMs;
  const progress = watch.onProgress ?? (() => {});
  const deployments = new Map<string, string | undefined>();
  for (const target of targets) {
    deployments.set(target.service, await watch.api.update(target.service, target.taskDefinitionArn));
    progress(`${target.service}: UpdateService to ${revisionOf(target.taskDefinitionArn)}`);
  }
  const results = new Map<string, WorkerResult>();
  const announced = new Map<string, string>();
  for (;;) {
    const pending = targets.filter((t) => !results.has(t.service));
    if (pending.length === 0) break;
    const read = await watch.api.describe(pending.map((t) => t.service));
    if (read.kind === 'fatal') {
      for (const target of pending) results.set(target.service, { ...target, outcome: 'failed', reason: read.reason });
      break;
    }
    if (read.kind === 'retry') progress(`DescribeServices will be asked again: ${read.reason}`);
    else {
      for (const target of pending) {
        const service = read.services.find((s) => s.serviceName === target.service);
        const verdict = judgeRollout(service, target.taskDefinitionArn, deployments.get(target.service));
        if (verdict.kind === 'completed') results.set(target.service, { ...target, outcome: 'completed' });
        else if (verdict.kind === 'failed') {
          const failure = read.failures.find((f) => f.arn?.endsWith(`/${target.service}`));
          const reason = failure?.reason ? `${verdict.reason} (${failure.reason})` : verdict.reason;
          results.set(target.service, { ...target, outcome: 'failed', reason });
        } else if (announced.get(target.service) !== verdict.progress) {
          progress(`${target.service}: ${verdict.progress}`);
          announced.set(target.service, verdict.progress);
        }
      }
    }
    if (targets.every((t) => results.has(t.service))) break;
    if (watch.clock() >= deadline) {
      const seconds = Math.round(watch.timing.timeoutMs) / 1000;
      for (const target of targets.filter((t) => !results.has(t.service))) {
        results.set(target.service, {
          ...target,
          outcome: 'timeout',
          reason: `not COMPLETED after ${seconds} s; ECS goes on with the deployment, its circuit breaker still watches it`,
        });
      }
      break;
    }
    await watch.sleep(Math.max(0, Math.min(watch.timing.pollMs, deadline - watch.clock())));
  }
  return targets.map((t) => results.get(t.service)!);
}

/** The result, one line per worker, for stdout. */
export function formatRollout(environment: string, results: readonly WorkerResult[]): string {
  const width = Math.max(...results.map((r) => r.service.length));
  const lines = results.map(
    (r) =>
      `  ${r.service.padEnd(width)}  ${revisionOf(r.taskDefinitionArn)}  ` +
      (r.outcome === 'completed' ? 'COMPLETED' : `${r.outcome.toUpperCase()}: ${r.reason ?? ''}`),
  );
  return `Workers of ${environment}:\n${lines.join('\n')}\n`;
}

/** The one line that says why the step fails, or undefined when every worker moved. */
export function rolloutFailure(results: readonly WorkerResult[]): string | undefined {
  const failed = results.filter((r) => r.outcome !== 'completed');
  if (failed.length === 0) return undefined;
  return failed.map((r) => `${r.service}: ${r.reason ?? r.outcome}`).join('; ');
}
