import type { CheckConfig } from '../../model/config/schema';
import { DEFAULT_BUDGET_MS, parseChecksJson, parseTargetUrl } from '../../core/checks';
import { HOOK_ENVIRONMENT } from '../../model/lambda-contracts';

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
    targetUrl: parseTargetUrl(env[HOOK_ENVIRONMENT.targetUrl], HOOK_ENVIRONMENT.targetUrl),
    checks: parseChecksJson(env[HOOK_ENVIRONMENT.checks], HOOK_ENVIRONMENT.checks),
    budgetMs: parseBudget(env[HOOK_ENVIRONMENT.budgetMs]),
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
