/**
 * Waiting on ElastiCache, which applies a user's change to its caches in the background (the user and its user groups
 * show `modifying` meanwhile). The function runs outside the VPC and cannot ask a cache itself, so it reads the API
 * until the change shows applied, bounded well inside the function's timeout: a step that runs out of time fails, and
 * Secrets Manager runs it again.
 */
import type { Clock, Sleep } from '../timing';

/** The clock and the sleep a wait uses; injected so tests never wait for real. */
export interface WaitTiming {
  readonly clock: Clock;
  readonly sleep: Sleep;
}

export interface WaitLimit {
  /** Between two reads. */
  readonly pollMs: number;
  /** From the first read: past it, the wait gives up. */
  readonly timeoutMs: number;
}

/**
 * How long each step waits. setSecret waits for a change already under way (its own, retried) to finish before it
 * changes the passwords; testSecret waits for its change to reach the caches, up to the 10 minutes AWS's own
 * ElastiCache user rotation function allows (a replication group applies a user change node by node). Each step is
 * one invocation: with a few API calls of at most 10 s each, it stays inside the function's 15-minute timeout.
 */
export const CACHE_ROTATION_WAITS = {
  userActive: { pollMs: 5_000, timeoutMs: 300_000 },
  applied: { pollMs: 10_000, timeoutMs: 600_000 },
} as const satisfies Record<string, WaitLimit>;

/** What one read found: done, with what the wait returns, or still waiting, and on what (for the timeout's message). */
export type Look<T> = { readonly done: T } | { readonly waiting: string };

/** Reads with `look` every `pollMs` until it is done or `timeoutMs` have passed, then what it last waited on. */
export async function waitUntil<T>(
  timing: WaitTiming,
  limit: WaitLimit,
  look: () => Promise<Look<T>>,
): Promise<{ readonly done: T } | { readonly timedOut: string }> {
  const deadline = timing.clock() + limit.timeoutMs;
  for (;;) {
    const seen = await look();
    if ('done' in seen) return seen;
    const left = deadline - timing.clock();
    if (left <= 0) return { timedOut: seen.waiting };
    await timing.sleep(Math.min(limit.pollMs, left));
  }
}
