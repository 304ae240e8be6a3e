import type { Task } from '@aws-sdk/client-ecs';
import { MISSING_READS_BEFORE_VANISHED, waitForTask, type TaskPoll, type TaskWatcher } from '../../../core/run-task';

const ARN = 'arn:aws:ecs:eu-west-1:222222222222:task/c/abc';
const TIMING = { timeoutMs: 60_000, pollMs: 6_000 };
const running: TaskPoll = { kind: 'in-progress', task: { taskArn: ARN, lastStatus: 'RUNNING' } };
const stopped: TaskPoll = { kind: 'stopped', task: { taskArn: ARN, lastStatus: 'STOPPED' } as Task };
const missing: TaskPoll = { kind: 'missing' };
const throttled: TaskPoll = { kind: 'retry', reason: 'ThrottlingException: Rate exceeded' };

/** A watcher on a fake clock: sleeping advances time, each describe takes `readMs`, polls come from the script. */
function fakeWatcher(script: TaskPoll[], options: { readMs?: number; stopProblem?: string } = {}) {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const stops: { arn: string; reason: string }[] = [];
  const progress: string[] = [];
  const timeLeft: number[] = [];
  let reads = 0;
  const watcher: TaskWatcher = {
    describe: async (_arn, left) => {
      timeLeft.push(left);
      now += options.readMs ?? 0;
      return script[Math.min(reads++, script.length - 1)];
    },
    stop: async (arn, reason) => {
      stops.push({ arn, reason });
      return options.stopProblem;
    },
    clock: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    onProgress: (text) => progress.push(text),
  };
  return { watcher, sleeps, stops, progress, timeLeft, reads: () => reads, elapsed: () => now - 1_000_000 };
}

describe('waitForTask', () => {
  test('polls once per interval until the task stops; never sleeps longer than the interval', async () => {
    const fake = fakeWatcher([running, running, stopped]);
    const outcome = await waitForTask(ARN, TIMING, fake.watcher);
    expect(outcome).toEqual(stopped);
    expect(fake.sleeps).toEqual([6_000, 6_000, 6_000]);
    expect(fake.progress).toEqual(['task RUNNING']);
  });

  test('throttled reads are asked again at the next poll, within the timeout', async () => {
    const fake = fakeWatcher([throttled, throttled, throttled, throttled, running, stopped]);
    const outcome = await waitForTask(ARN, TIMING, fake.watcher);
    expect(outcome.kind).toBe('stopped');
    expect(fake.progress).toEqual([
      'DescribeTasks will be asked again: ThrottlingException: Rate exceeded',
      'task RUNNING',
    ]);
  });

  test(`MISSING before the task was ever seen is tolerated ${MISSING_READS_BEFORE_VANISHED - 1} times (eventual consistency)`, async () => {
    const fake = fakeWatcher([missing, missing, running, stopped]);
    expect((await waitForTask(ARN, TIMING, fake.watcher)).kind).toBe('stopped');
  });

  test.each<[string, TaskPoll[], number]>([
    ['MISSING after the task was seen', [running, missing], 2],
    [`${MISSING_READS_BEFORE_VANISHED} MISSING in a row from the start`, [missing], MISSING_READS_BEFORE_VANISHED],
  ])('vanished: %s, without a StopTask', async (_name, script, reads) => {
    const fake = fakeWatcher(script);
    const outcome = await waitForTask(ARN, TIMING, fake.watcher);
    expect(outcome.kind).toBe('vanished');
    expect(fake.reads()).toBe(reads);
    expect(fake.stops).toEqual([]);
  });

  test('timeout: the last read happens at the deadline, then StopTask with the reason, then the outcome', async () => {
    const fake = fakeWatcher([running], { readMs: 100 });
    const outcome = await waitForTask(ARN, { timeoutMs: 15_000, pollMs: 6_000 }, fake.watcher);
    expect(outcome).toEqual({
      kind: 'timeout',
      reason: 'timeout after 15 s',
      lastSeen: { taskArn: ARN, lastStatus: 'RUNNING' },
    });
    expect(fake.stops).toEqual([{ arn: ARN, reason: 'bluegreen run-task: timeout after 15 s' }]);
    // 6 s, 6 s, then only what is left of the 15 s (minus the reads' own time).
    expect(fake.sleeps).toEqual([6_000, 6_000, 2_800]);
    expect(fake.elapsed()).toBe(15_100);
  });

  test('a refused StopTask is part of the outcome', async () => {
    const fake = fakeWatcher([running], { stopProblem: 'StopTask failed: AccessDeniedException' });
    const outcome = await waitForTask(ARN, { timeoutMs: 1_000, pollMs: 6_000 }, fake.watcher);
    expect(outcome).toMatchObject({ kind: 'timeout', stopProblem: 'StopTask failed: AccessDeniedException' });
  });

  test('an answer it does not understand stops the task and fails at once', async () => {
    const fake = fakeWatcher([running, { kind: 'fatal', reason: 'lastStatus HIBERNATING' }]);
    const outcome = await waitForTask(ARN, TIMING, fake.watcher);
    expect(outcome).toMatchObject({ kind: 'lost', reason: 'could not follow the task: lastStatus HIBERNATING' });
    expect(fake.stops).toEqual([
      { arn: ARN, reason: 'bluegreen run-task: could not follow the task: lastStatus HIBERNATING' },
    ]);
    expect(fake.elapsed()).toBe(12_000);
  });

  test('each read is told how much time is left before the deadline', async () => {
    const fake = fakeWatcher([running, stopped]);
    await waitForTask(ARN, { timeoutMs: 20_000, pollMs: 5_000 }, fake.watcher);
    expect(fake.timeLeft).toEqual([15_000, 10_000]);
  });
});
