import type { CheckConfig } from '../../model/config/schema';

/** The outcome of one check after all its attempts. */
export interface CheckResult {
  /** `METHOD path`, e.g. `GET /health`. */
  readonly name: string;
  readonly passed: boolean;
  /** Attempts made; fewer than `maxAttempts` when one passed early or the budget ran out. */
  readonly attempts: number;
  readonly maxAttempts: number;
  /** HTTP status of the last attempt; absent when it got no answer. */
  readonly status?: number;
  /** Duration of the last attempt until the whole body was read (or it failed). */
  readonly latencyMs?: number;
  /** Why the check failed; absent when it passed. */
  readonly reason?: string;
}

/** All checks of one run; `passed` only when there was at least one check and every one passed. */
export interface ChecksReport {
  readonly passed: boolean;
  readonly results: readonly CheckResult[];
}

export function checkName(check: Pick<CheckConfig, 'method' | 'path'>): string {
  return `${check.method} ${check.path}`;
}
