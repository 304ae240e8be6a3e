import { waitForScan, type ReadScan, type ScanRead, type WaitTiming } from '../../../core/scan-gate';
import { fakeTime, finding, snapshotRead } from './fixtures';

const TIMING: WaitTiming = { timeoutMs: 60_000, intervalMs: 1_000, maxIntervalMs: 8_000 };

/** Answers the given reads in order, repeating the last one forever; records the time left it was given. */
function reads(...answers: ScanRead[]): ReadScan & { timeLeft: number[] } {
  const timeLeft: number[] = [];
  let index = 0;
  const read = async (left: number) => {
    timeLeft.push(left);
    return answers[Math.min(index++, answers.length - 1)];
  };
  return Object.assign(read, { timeLeft });
}

describe('waitForScan', () => {
  test('waits through IN_PROGRESS and PENDING, then returns COMPLETE once a second read confirms it', async () => {
    const time = fakeTime();
    const read = reads(
      snapshotRead({ status: 'PENDING' }),
      snapshotRead({ status: 'IN_PROGRESS' }),
      snapshotRead({ findings: [finding()] }),
    );
    const heard: string[] = [];

    const outcome = await waitForScan(read, TIMING, time.clock, time.sleep, (r) => heard.push(r));

    expect(outcome).toMatchObject({ kind: 'ready', reads: 4, snapshot: { status: 'COMPLETE', findings: [finding()] } });
    expect(time.sleeps).toEqual([1_000, 2_000, 1_000]);
    expect(heard).toEqual([
      'scan status PENDING',
      'scan status IN_PROGRESS',
      'scan status COMPLETE; reading once more to confirm the findings are settled',
    ]);
  });

  test('backs off by doubling up to the longest interval', async () => {
    const time = fakeTime();
    const outcome = await waitForScan(
      reads(snapshotRead({ status: 'IN_PROGRESS' })),
      { ...TIMING, timeoutMs: 40_000 },
      time.clock,
      time.sleep,
    );

    expect(outcome.kind).toBe('unjudgeable');
    expect(time.sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000, 1_000]);
  });

  test('times out on a scan that never finishes, with the last thing it saw, and never sleeps past the deadline', async () => {
    const time = fakeTime();
    const read = reads(snapshotRead({ status: 'IN_PROGRESS', description: 'still scanning' }));

    const outcome = await waitForScan(
      read,
      { timeoutMs: 10_000, intervalMs: 3_000, maxIntervalMs: 3_000 },
      time.clock,
      time.sleep,
    );

    expect(outcome).toEqual({
      kind: 'unjudgeable',
      reason: 'no judgeable scan within 10 s; last seen: scan status IN_PROGRESS (still scanning)',
      lastStatus: 'IN_PROGRESS',
      reads: 5,
    });
    expect(time.sleeps).toEqual([3_000, 3_000, 3_000, 1_000]);
    expect(read.timeLeft).toEqual([10_000, 7_000, 4_000, 1_000, 0]);
  });

  test('fails at once on a failed status, without waiting for the timeout', async () => {
    const time = fakeTime();
    const read = reads(
      snapshotRead({ status: 'IN_PROGRESS' }),
      snapshotRead({ status: 'FAILED', description: 'boom' }),
    );

    const outcome = await waitForScan(read, TIMING, time.clock, time.sleep);

    expect(outcome).toEqual({
      kind: 'unjudgeable',
      reason: 'scan status FAILED: the scan failed; ECR says: boom',
      lastStatus: 'FAILED',
      reads: 2,
    });
    expect(time.sleeps).toEqual([1_000]);
  });

  test('fails at once on a fatal read (image missing, access denied)', async () => {
    const time = fakeTime();
    const outcome = await waitForScan(
      reads({ kind: 'fatal', reason: 'access denied' }),
      TIMING,
      time.clock,
      time.sleep,
    );

    expect(outcome).toEqual({ kind: 'unjudgeable', reason: 'access denied', lastStatus: undefined, reads: 1 });
    expect(time.sleeps).toEqual([]);
  });

  test('keeps reading through retryable answers (no scan yet) and names them at the timeout', async () => {
    const time = fakeTime();
    const read = reads({ kind: 'retry', reason: 'ECR has no scan of the image yet (ScanNotFoundException)' });

    const outcome = await waitForScan(read, { ...TIMING, timeoutMs: 5_000 }, time.clock, time.sleep);

    expect(outcome).toMatchObject({
      kind: 'unjudgeable',
      reason: 'no judgeable scan within 5 s; last seen: ECR has no scan of the image yet (ScanNotFoundException)',
    });
  });

  test('a scan found after ScanNotFoundException is judged', async () => {
    const time = fakeTime();
    const read = reads({ kind: 'retry', reason: 'not yet' }, snapshotRead());

    expect(await waitForScan(read, TIMING, time.clock, time.sleep)).toMatchObject({ kind: 'ready', reads: 3 });
  });

  test('enhanced findings filled in after COMPLETE: judges the filled result, not the empty one', async () => {
    const time = fakeTime();
    const filled = snapshotRead({
      status: 'COMPLETE',
      findings: [finding({ severity: 'CRITICAL' })],
      reportedCounts: { CRITICAL: 1 },
    });
    const read = reads(
      snapshotRead({ status: 'COMPLETE', completedAt: undefined }),
      snapshotRead({ status: 'COMPLETE', findings: [], reportedCounts: { CRITICAL: 1 } }),
      filled,
    );

    const outcome = await waitForScan(read, TIMING, time.clock, time.sleep);

    expect(outcome).toMatchObject({
      kind: 'ready',
      reads: 4,
      snapshot: { findings: [expect.objectContaining({ severity: 'CRITICAL' })] },
    });
  });

  test('findings that change on every read are never judged: the timeout ends it', async () => {
    const time = fakeTime();
    let n = 0;
    const growing: ReadScan = async () =>
      snapshotRead({ findings: Array.from({ length: ++n }, (_, i) => finding({ id: `CVE-${i}` })) });

    const outcome = await waitForScan(growing, { ...TIMING, timeoutMs: 5_000 }, time.clock, time.sleep);

    expect(outcome).toMatchObject({
      kind: 'unjudgeable',
      reason: expect.stringContaining('reading once more to confirm the findings are settled'),
      lastStatus: 'COMPLETE',
    });
  });

  test('counts that keep contradicting the findings end in a failure naming the contradiction', async () => {
    const time = fakeTime();
    const read = reads(snapshotRead({ findings: [], reportedCounts: { HIGH: 3 } }));

    const outcome = await waitForScan(read, { ...TIMING, timeoutMs: 3_000 }, time.clock, time.sleep);

    expect(outcome).toMatchObject({
      kind: 'unjudgeable',
      reason:
        'no judgeable scan within 3 s; last seen: findingSeverityCounts report more findings than ECR listed: HIGH 3 counted, 0 listed',
    });
  });

  test('a slow read counts against the timeout', async () => {
    const time = fakeTime();
    const slow: ReadScan = async () => {
      time.advance(6_000);
      return snapshotRead({ status: 'IN_PROGRESS' });
    };

    const outcome = await waitForScan(slow, { ...TIMING, timeoutMs: 10_000 }, time.clock, time.sleep);

    expect(outcome).toMatchObject({ kind: 'unjudgeable', reads: 2 });
    expect(time.sleeps).toEqual([1_000]);
  });
});
