import type { CheckConfig } from '../../model/config/schema';
import { deadline, sleep } from './abort';
import { checkName, type CheckResult, type ChecksReport } from './check-result';
import { errorMessage } from './error-text';
import { httpProbe } from './http-probe';
import { runCheck, type CheckDeps } from './run-check';

/**
 * Default budget of a whole run. With the default check settings (3 attempts of 5 s, backoff 1 s)
 * a hanging target would take 18 s; the budget cuts the third attempt so the hook can report
 * Failed within 20 s.
 */
export const DEFAULT_BUDGET_MS = 15_000;

export interface RunChecksOptions {
  /** Time for all checks together, retries included. */
  readonly budgetMs: number;
  /** @default real HTTP, real timers and performance.now */
  readonly deps?: Partial<CheckDeps>;
}

/** Runs all checks concurrently against `base` and reports each one; never rejects. */
export async function runChecks(
  base: URL,
  checks: readonly CheckConfig[],
  options: RunChecksOptions,
): Promise<ChecksReport> {
  const deps: CheckDeps = { probe: httpProbe, sleep, now: () => performance.now(), ...options.deps };
  const budget = deadline(options.budgetMs, `budget of ${options.budgetMs} ms ran out`);
  try {
    const results = await Promise.all(
      checks.map((check) =>
        runCheck(base, check, deps, budget.signal).catch((error: unknown) => crashed(check, error)),
      ),
    );
    return { passed: results.length > 0 && results.every((r) => r.passed), results };
  } finally {
    budget.cancel();
  }
}

/** A check whose own code threw counts as failed, never as passed. */
function crashed(check: CheckConfig, error: unknown): CheckResult {
  return {
    name: checkName(check),
    passed: false,
    attempts: 0,
    maxAttempts: check.attempts,
    reason: `check crashed: ${errorMessage(error)}`,
  };
}
