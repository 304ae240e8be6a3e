import type { ReadScan } from './ecr-scan-reader';
import { assessSnapshot, type ScanSnapshot } from './scan-snapshot';
import type { Clock, Sleep } from '../timing';

export interface WaitTiming {
  /** Overall bound: no read starts after it, and the gate fails when the scan is not judgeable by then. */
  readonly timeoutMs: number;
  /** First pause between reads; it doubles after every read up to `maxIntervalMs`. Also the pause before the confirming read. */
  readonly intervalMs: number;
  /** Longest pause between reads; raised to `intervalMs` when smaller. */
  readonly maxIntervalMs: number;
}

export const DEFAULT_INTERVAL_MS = 5_000;
export const DEFAULT_MAX_INTERVAL_MS = 30_000;

/** The scan ready to judge, or why it could not be judged. */
export type WaitOutcome =
  | { readonly kind: 'ready'; readonly snapshot: ScanSnapshot; readonly reads: number }
  | {
      readonly kind: 'unjudgeable';
      readonly reason: string;
      readonly lastStatus: string | undefined;
      readonly reads: number;
    };

/**
 * Reads the scan until it is judgeable, fails, or the timeout passes. A judgeable snapshot (see
 * assessSnapshot) is returned only when the next read, one `intervalMs` later, has the same
 * fingerprint: findings that are still being filled in change between reads, settled ones do not.
 * `onWait` hears each new reason for waiting, for progress output.
 */
export async function waitForScan(
  read: ReadScan,
  timing: WaitTiming,
  clock: Clock,
  sleep: Sleep,
  onWait: (reason: string) => void = () => {},
): Promise<WaitOutcome> {
  const deadline = clock() + timing.timeoutMs;
  const maxInterval = Math.max(timing.maxIntervalMs, timing.intervalMs);
  let interval = timing.intervalMs;
  let candidate: string | undefined;
  let lastReason = 'no answer from ECR yet';
  let lastStatus: string | undefined;
  let announced: string | undefined;
  for (let reads = 1; ; reads++) {
    const result = await read(deadline - clock());
    let confirming = false;
    if (result.kind === 'fatal') return { kind: 'unjudgeable', reason: result.reason, lastStatus, reads };
    if (result.kind === 'retry') {
      candidate = undefined;
      lastReason = result.reason;
    } else {
      lastStatus = result.snapshot.status;
      const assessment = assessSnapshot(result.snapshot);
      if (assessment.action === 'fail') return { kind: 'unjudgeable', reason: assessment.reason, lastStatus, reads };
      if (assessment.action === 'judge' && assessment.fingerprint === candidate) {
        return { kind: 'ready', snapshot: result.snapshot, reads };
      }
      confirming = assessment.action === 'judge';
      candidate = assessment.action === 'judge' ? assessment.fingerprint : undefined;
      lastReason =
        assessment.action === 'judge'
          ? `scan status ${lastStatus}; reading once more to confirm the findings are settled`
          : assessment.reason;
    }
    const left = deadline - clock();
    if (left <= 0) {
      const seconds = Math.round(timing.timeoutMs / 100) / 10;
      return {
        kind: 'unjudgeable',
        reason: `no judgeable scan within ${seconds} s; last seen: ${lastReason}`,
        lastStatus,
        reads,
      };
    }
    if (lastReason !== announced) onWait(lastReason);
    announced = lastReason;
    await sleep(Math.min(confirming ? timing.intervalMs : interval, left));
    if (!confirming) interval = Math.min(interval * 2, maxInterval);
  }
}
