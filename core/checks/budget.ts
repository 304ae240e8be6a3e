import { DEFAULT_BUDGET_MS } from './run-checks';

const MIN_BUDGET_MS = 100;
const MAX_BUDGET_MS = 900_000;

/**
 * The time for all checks together, from `text` (the hook's HOOK_BUDGET_MS, `bluegreen check --budget-ms`), named
 * `name` in the error: DEFAULT_BUDGET_MS when absent, else a whole number of milliseconds the hook can spend
 * (at most a lifecycle hook's 15 minutes).
 */
export function parseBudgetMs(text: string | undefined, name: string): number {
  if (text === undefined || text === '') return DEFAULT_BUDGET_MS;
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!(value >= MIN_BUDGET_MS && value <= MAX_BUDGET_MS)) {
    throw new Error(
      `${name} must be a whole number from ${MIN_BUDGET_MS} to ${MAX_BUDGET_MS} (got ${JSON.stringify(text)})`,
    );
  }
  return value;
}
