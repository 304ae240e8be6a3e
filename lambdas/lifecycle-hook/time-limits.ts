/** Bound on the whole report, the SDK's retries included, so the hook never waits for CodeDeploy until Lambda stops it. */
export const REPORT_TIMEOUT_MS = 20_000;

/** Kept back from the function's remaining time when the checks' budget is set, so the report still fits. */
export const REPORT_RESERVE_MS = REPORT_TIMEOUT_MS + 1_000;
