import { KNOWN_STATES, type AlarmSample, type ReadAlarm } from './alarm-read';
import type { Clock, Sleep } from '../timing';

export interface BakeTiming {
  /** How long the alarm must stay quiet. The last read starts at or after this much time has passed. */
  readonly durationMs: number;
  /** Pause between reads. */
  readonly intervalMs: number;
  /** Reads in a row that may fail with a retryable error before the bake gives up. */
  readonly maxFailedReadsInARow: number;
}

export const DEFAULT_POLL_SECONDS = 30;
/** With the SDK's own 3 attempts per read, 5 failed reads in a row are minutes of CloudWatch trouble. */
export const DEFAULT_MAX_FAILED_READS_IN_A_ROW = 5;

/** What the bake saw: how many samples, how often each state, and reads that failed and were retried. */
export interface BakeTally {
  readonly samples: number;
  readonly states: Readonly<Record<string, number>>;
  readonly failedReads: number;
  readonly elapsedMs: number;
}

export type FailureCause = 'alarm' | 'missing' | 'unknown-state' | 'unseen-transition' | 'read-error';

export type BakeVerdict =
  | { readonly verdict: 'pass'; readonly tally: BakeTally; readonly last: AlarmSample }
  | {
      readonly verdict: 'fail';
      readonly cause: FailureCause;
      readonly reason: string;
      readonly tally: BakeTally;
      /** The sample that failed the bake, when there was one. */
      readonly sample?: AlarmSample;
    };

/** Events for progress output: every sample whose state differs from the one before, and failed reads. */
export interface BakeObserver {
  readonly onStateChange?: (sample: AlarmSample, elapsedMs: number) => void;
  readonly onFailedRead?: (reason: string, elapsedMs: number) => void;
}

/**
 * Watches the alarm for `durationMs`: reads it now, then every `intervalMs`, and once more when the
 * time is up. Fails at the first ALARM, a missing alarm, a state it does not know, a fatal read error
 * or too many failed reads in a row; passes only after a quiet read at the end.
 *
 * INSUFFICIENT_DATA counts as quiet: the rollback composite's children treat missing data as not
 * breaching, so a composite without data is one whose children have not evaluated yet, not one that
 * saw errors. It is reported, so a bake that never saw OK is visible.
 *
 * Polling cannot see an alarm that went off and cleared between two reads. CloudWatch's
 * StateTransitionedTimestamp can: when the state is the same as at the previous read but the
 * transition time moved, the alarm left that state and came back in between, possibly through ALARM,
 * and the bake fails rather than guess.
 */
export async function watchAlarm(
  read: ReadAlarm,
  timing: BakeTiming,
  clock: Clock,
  sleep: Sleep,
  observer: BakeObserver = {},
): Promise<BakeVerdict> {
  const start = clock();
  const deadline = start + timing.durationMs;
  const states: Record<string, number> = {};
  let samples = 0;
  let failedReads = 0;
  let failedInARow = 0;
  let previous: AlarmSample | undefined;
  const tally = (): BakeTally => ({ samples, states: { ...states }, failedReads, elapsedMs: clock() - start });
  const fail = (cause: FailureCause, reason: string, sample?: AlarmSample): BakeVerdict => ({
    verdict: 'fail',
    cause,
    reason,
    tally: tally(),
    ...(sample === undefined ? {} : { sample }),
  });

  for (;;) {
    const readStartedAt = clock();
    const result = await read();
    if (result.kind === 'fatal') return fail('read-error', result.reason);
    if (result.kind === 'missing') return fail('missing', result.reason);
    if (result.kind === 'retry') {
      failedReads++;
      failedInARow++;
      if (failedInARow > timing.maxFailedReadsInARow) {
        return fail('read-error', `${failedInARow} reads in a row failed; the last: ${result.reason}`);
      }
      observer.onFailedRead?.(result.reason, clock() - start);
    } else {
      failedInARow = 0;
      const sample = result.sample;
      samples++;
      const state = sample.state ?? '(none)';
      states[state] = (states[state] ?? 0) + 1;
      if (state !== previous?.state) observer.onStateChange?.(sample, clock() - start);
      const problem = judgeSample(sample, previous);
      if (problem !== undefined) return fail(problem.cause, problem.reason, sample);
      previous = sample;
      if (readStartedAt >= deadline) return { verdict: 'pass', tally: tally(), last: sample };
    }
    const left = deadline - clock();
    await sleep(left > 0 ? Math.min(timing.intervalMs, left) : timing.intervalMs);
  }
}

function judgeSample(
  sample: AlarmSample,
  previous: AlarmSample | undefined,
): { cause: FailureCause; reason: string } | undefined {
  if (sample.state === 'ALARM') return { cause: 'alarm', reason: `alarm ${sample.name} is in ALARM` };
  if (!(KNOWN_STATES as readonly (string | undefined)[]).includes(sample.state)) {
    return {
      cause: 'unknown-state',
      reason: `alarm ${sample.name} is in state ${JSON.stringify(sample.state ?? null)}, which the bake does not know (known: ${KNOWN_STATES.join(', ')})`,
    };
  }
  const before = previous?.transitionedAt?.getTime();
  const now = sample.transitionedAt?.getTime();
  if (previous?.state === sample.state && before !== undefined && now !== undefined && now > before) {
    return {
      cause: 'unseen-transition',
      reason:
        `alarm ${sample.name} left ${sample.state} and came back between two reads (state changed at ` +
        `${sample.transitionedAt?.toISOString()}); it may have been in ALARM meanwhile. Read its history ` +
        `(aws cloudwatch describe-alarm-history --alarm-name ${sample.name}) and poll more often`,
    };
  }
  return undefined;
}
