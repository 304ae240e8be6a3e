import type { CheckConfig } from '../../model/config/schema';
import { abortMessage, deadline, untilAborted, type Sleep } from './abort';
import { checkName, type CheckResult } from './check-result';
import { evaluateResponse } from './evaluate-response';
import { describeProbeError, type Probe } from './probe';
import { checkUrl } from './target-url';

/** What a check needs from the outside world, so tests can replace each part. */
export interface CheckDeps {
  readonly probe: Probe;
  readonly sleep: Sleep;
  /** Milliseconds from any fixed origin, e.g. performance.now. */
  readonly now: () => number;
}

interface Attempt {
  readonly status?: number;
  readonly latencyMs: number;
  readonly problems: readonly string[];
}

/**
 * Runs one check: up to `attempts` tries, `backoffMs` before the first retry and doubling after,
 * each try limited to `timeoutMs`. `budget` aborts everything: the running try and any retry left.
 */
export async function runCheck(
  base: URL,
  check: CheckConfig,
  deps: CheckDeps,
  budget: AbortSignal,
): Promise<CheckResult> {
  const url = checkUrl(base, check.path);
  let last: Attempt | undefined;
  const result = (attempts: number, passed: boolean, extra?: string): CheckResult => ({
    name: checkName(check),
    passed,
    attempts,
    maxAttempts: check.attempts,
    ...(last?.status === undefined ? {} : { status: last.status }),
    ...(last === undefined ? {} : { latencyMs: last.latencyMs }),
    ...(passed ? {} : { reason: [...(last?.problems ?? []), ...(extra === undefined ? [] : [extra])].join('; ') }),
  });
  for (let attempt = 1; attempt <= check.attempts; attempt++) {
    if (attempt > 1) await deps.sleep(check.backoffMs * 2 ** (attempt - 2), budget);
    if (budget.aborted) return result(attempt - 1, false, `${abortMessage(budget)} before attempt ${attempt}`);
    last = await tryOnce(url, check, deps, budget);
    if (last.problems.length === 0) return result(attempt, true);
    if (budget.aborted) return result(attempt, false);
  }
  return result(check.attempts, false);
}

async function tryOnce(url: URL, check: CheckConfig, deps: CheckDeps, budget: AbortSignal): Promise<Attempt> {
  const timeout = deadline(check.timeoutMs, `no answer within ${check.timeoutMs} ms`);
  try {
    const signal = AbortSignal.any([budget, timeout.signal]);
    const started = deps.now();
    try {
      const response = await untilAborted(deps.probe({ url, method: check.method }, signal), signal);
      const latencyMs = deps.now() - started;
      return { status: response.status, latencyMs, problems: evaluateResponse(check, response, latencyMs) };
    } catch (error) {
      const problem = signal.aborted ? abortMessage(signal) : describeProbeError(error);
      return { latencyMs: deps.now() - started, problems: [problem] };
    }
  } finally {
    timeout.cancel();
  }
}
