import type { CheckConfig } from '../../pipeline/config/schema';
import { DEFAULT_BUDGET_MS, parseChecksJson, parseTargetUrl } from '../../core/checks';

/** What the hook runs, from its environment variables. */
export interface HookSettings {
  readonly targetUrl: URL;
  readonly checks: readonly CheckConfig[];
  /** Time for all checks together; see DEFAULT_BUDGET_MS. */
  readonly budgetMs: number;
}

const MIN_BUDGET_MS = 100;
const MAX_BUDGET_MS = 900_000;

/**
 * Reads `TARGET_URL` (base URL of the test listener), `CHECKS` (JSON list of checks) and the optional
 * `HOOK_BUDGET_MS`. Throws with a message naming the variable when one is missing or invalid.
 */
export function readHookSettings(env: Readonly<Record<string, string | undefined>>): HookSettings {
  return {
    targetUrl: parseTargetUrl(env.TARGET_URL, 'TARGET_URL'),
    checks: parseChecksJson(env.CHECKS, 'CHECKS'),
    budgetMs: parseBudget(env.HOOK_BUDGET_MS),
  };
}

function parseBudget(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_BUDGET_MS;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= MIN_BUDGET_MS && value <= MAX_BUDGET_MS)) {
    throw new Error(
      `HOOK_BUDGET_MS must be an integer from ${MIN_BUDGET_MS} to ${MAX_BUDGET_MS} (got ${JSON.stringify(text)})`,
    );
  }
  return value;
}
