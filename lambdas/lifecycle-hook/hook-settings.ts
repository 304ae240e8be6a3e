import type { CheckConfig } from '../../model/config/schema';
import { parseBudgetMs, parseChecksJson, parseTargetUrl } from '../../core/checks';
import { HOOK_ENVIRONMENT } from '../../model/lambda-contracts';

/** What the hook runs, from its environment variables. */
export interface HookSettings {
  readonly targetUrl: URL;
  readonly checks: readonly CheckConfig[];
  /** Time for all checks together; see DEFAULT_BUDGET_MS. */
  readonly budgetMs: number;
}

/**
 * Reads `TARGET_URL` (base URL of the test listener), `CHECKS` (JSON list of checks) and the optional
 * `HOOK_BUDGET_MS`. Throws with a message naming the variable when one is missing or invalid.
 */
export function readHookSettings(env: Readonly<Record<string, string | undefined>>): HookSettings {
  return {
    targetUrl: parseTargetUrl(env[HOOK_ENVIRONMENT.targetUrl], HOOK_ENVIRONMENT.targetUrl),
    checks: parseChecksJson(env[HOOK_ENVIRONMENT.checks], HOOK_ENVIRONMENT.checks),
    budgetMs: parseBudgetMs(env[HOOK_ENVIRONMENT.budgetMs], HOOK_ENVIRONMENT.budgetMs),
  };
}
