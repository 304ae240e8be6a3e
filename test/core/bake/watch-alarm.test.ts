import { watchAlarm, type AlarmRead, type AlarmSample, type BakeTiming } from '../../../core/bake';

const ALARM = 'sample-prod-rollback-any';
const TIMING: BakeTiming = { durationMs: 60_000, intervalMs: 20_000, maxFailedReadsInARow: 2 };
const T0 = Date.parse('2026-01-01T12:00:00Z');

function sample(state: string | undefined, extra: Partial<AlarmSample> = {}): AlarmRead {
  return {
    kind: 'sample',
    sample: {
      name: ALARM,
      type: 'CompositeAlarm',
      state,
      reason: `reason for ${state}`,
      updatedAt: new Date(T0 - 3_600_000),
      transitionedAt: new Date(T0 - 3_600_000),
      ...extra,
    },
  };
}

/**
 * A fake world: a clock that only sleep moves, and an alarm that answers the scripted reads in
 * order (the last one repeats). Records when each read happened, in ms since the start.
 */
function world(script: AlarmRead[]) {
  let now = T0;
  const readTimes: number[] = [];
  const sleeps: number[] = [];
  return {
    readTimes,
    sleeps,
    read: () => {
      readTimes.push(now - T0);
      return Promise.resolve(script[Math.min(readTimes.length - 1, script.length - 1)]);
    },
    clock: () => now,
    sleep: (ms: number) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

async function bake(script: AlarmRead[], timing: BakeTiming = TIMING) {
  const w = world(script);
  const changes: string[] = [];
  const failedReads: string[] = [];
  const result = await watchAlarm(w.read, timing, w.clock, w.sleep, {
    onStateChange: (s, at) => changes.push(`${at}:${s.state}`),
    onFailedRead: (reason, at) => failedReads.push(`${at}:${reason}`),
  });
  return { result, readTimes: w.readTimes, sleeps: w.sleeps, changes, failedReads };
}

describe('watchAlarm', () => {
  test('an alarm that stays OK passes after a read at the start, every interval and at the end', async () => {
    const run = await bake([sample('OK')]);

    expect(run.result).toMatchObject({
      verdict: 'pass',
      tally: { samples: 4, states: { OK: 4 }, failedReads: 0, elapsedMs: 60_000 },
    });
    expect(run.readTimes).toEqual([0, 20_000, 40_000, 60_000]);
    expect(run.changes).toEqual(['0:OK']);
  });

  test('the last pause is cut to the deadline, so the final read happens when the time is up', async () => {
    const run = await bake([sample('OK')], { ...TIMING, durationMs: 50_000 });

    expect(run.readTimes).toEqual([0, 20_000, 40_000, 50_000]);
    expect(run.sleeps).toEqual([20_000, 20_000, 10_000]);
    expect(run.result.verdict).toBe('pass');
  });

  test('ALARM mid-way fails at once, with the sample that showed it, and reads no further', async () => {
    const alarmed = sample('ALARM', {
      reason: 'Alarm sample-prod-5xx in ALARM',
      updatedAt: new Date('2026-01-01T12:00:30Z'),
    });
    const run = await bake([sample('OK'), sample('OK'), alarmed, sample('OK')]);

    expect(run.readTimes).toEqual([0, 20_000, 40_000]);
    expect(run.result).toEqual({
      verdict: 'fail',
      cause: 'alarm',
      reason: `alarm ${ALARM} is in ALARM`,
      sample: alarmed.kind === 'sample' ? alarmed.sample : undefined,
      tally: { samples: 3, states: { OK: 2, ALARM: 1 }, failedReads: 0, elapsedMs: 40_000 },
    });
    expect(run.changes).toEqual(['0:OK', '40000:ALARM']);
  });

  test('ALARM at the very first read fails without waiting', async () => {
    const run = await bake([sample('ALARM')]);

    expect(run.result).toMatchObject({ verdict: 'fail', cause: 'alarm' });
    expect(run.sleeps).toEqual([]);
  });

  test('a missing alarm fails closed: it cannot show the environment is healthy', async () => {
    const run = await bake([{ kind: 'missing', reason: 'alarm x does not exist' }]);

    expect(run.result).toMatchObject({ verdict: 'fail', cause: 'missing', reason: 'alarm x does not exist' });
    expect(run.readTimes).toEqual([0]);
  });

  test('an alarm that disappears mid-way fails too', async () => {
    const run = await bake([sample('OK'), { kind: 'missing', reason: 'gone' }]);

    expect(run.result).toMatchObject({ verdict: 'fail', cause: 'missing', tally: { samples: 1 } });
  });

  test.each([['PENDING'], ['ok'], [''], [undefined]])('the unknown state %p fails', async (state) => {
    const run = await bake([sample('OK'), sample(state)]);

    expect(run.result).toMatchObject({ verdict: 'fail', cause: 'unknown-state' });
    expect(run.result.verdict === 'fail' && run.result.reason).toContain('which the bake does not know');
  });

  test('INSUFFICIENT_DATA counts as quiet, and is reported as a state change and in the tally', async () => {
    const run = await bake([sample('INSUFFICIENT_DATA'), sample('OK', { transitionedAt: new Date(T0 + 10_000) })]);

    expect(run.result).toMatchObject({
      verdict: 'pass',
      tally: { samples: 4, states: { INSUFFICIENT_DATA: 1, OK: 3 } },
    });
    expect(run.changes).toEqual(['0:INSUFFICIENT_DATA', '20000:OK']);
  });

  test('a bake that only ever sees INSUFFICIENT_DATA still passes (quiet), visibly', async () => {
    const run = await bake([sample('INSUFFICIENT_DATA')]);

    expect(run.result).toMatchObject({ verdict: 'pass', tally: { states: { INSUFFICIENT_DATA: 4 } } });
  });

  test('OK at both reads but a newer transition time: it went off and cleared in between, so the bake fails', async () => {
    const back = sample('OK', { transitionedAt: new Date(T0 + 25_000) });
    const run = await bake([sample('OK'), sample('OK'), back]);

    expect(run.result).toMatchObject({ verdict: 'fail', cause: 'unseen-transition', tally: { samples: 3 } });
    expect(run.result.verdict === 'fail' && run.result.reason).toContain('2026-01-01T12:00:25.000Z');
  });

  test('a newer StateUpdatedTimestamp alone (a new reason, same state) is not a transition', async () => {
    const run = await bake([sample('OK'), sample('OK', { updatedAt: new Date(T0 + 5_000) })]);

    expect(run.result.verdict).toBe('pass');
  });

  test('a fatal read error (access denied, …) fails at once with its reason', async () => {
    const run = await bake([sample('OK'), { kind: 'fatal', reason: 'access denied: allow it on *' }]);

    expect(run.result).toMatchObject({
      verdict: 'fail',
      cause: 'read-error',
      reason: 'access denied: allow it on *',
    });
    expect(run.readTimes).toEqual([0, 20_000]);
  });

  test('retryable read errors are retried and counted; the bake still needs a quiet read at the end', async () => {
    const throttled: AlarmRead = { kind: 'retry', reason: 'CloudWatch throttled DescribeAlarms (Throttling)' };
    const run = await bake([sample('OK'), throttled, sample('OK'), throttled, sample('OK')]);

    expect(run.result).toMatchObject({ verdict: 'pass', tally: { samples: 3, failedReads: 2 } });
    // The read at the deadline (60 s) failed, so one more read, an interval later, decided.
    expect(run.readTimes).toEqual([0, 20_000, 40_000, 60_000, 80_000]);
    expect(run.failedReads).toEqual([
      '20000:CloudWatch throttled DescribeAlarms (Throttling)',
      '60000:CloudWatch throttled DescribeAlarms (Throttling)',
    ]);
  });

  test('more retryable failures in a row than allowed end the bake with the last reason', async () => {
    const down: AlarmRead = { kind: 'retry', reason: 'cannot reach CloudWatch' };
    const run = await bake([sample('OK'), down]);

    expect(run.result).toMatchObject({
      verdict: 'fail',
      cause: 'read-error',
      reason: '3 reads in a row failed; the last: cannot reach CloudWatch',
      tally: { samples: 1, failedReads: 3 },
    });
  });
});
