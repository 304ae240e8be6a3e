import type { Task } from '@aws-sdk/client-ecs';
import type { TaskTiming } from './run-task-options';
import type { TaskPoll } from './task-poll';
import type { Clock, Sleep } from '../timing';

export interface TaskWatcher {
  /** One DescribeTasks read; `timeLeftMs` bounds how long it may take. Never throws. */
  readonly describe: (taskArn: string, timeLeftMs: number) => Promise<TaskPoll>;
  /** StopTask; resolves to a problem text when the stop was refused, undefined when accepted. */
  readonly stop: (taskArn: string, reason: string) => Promise<string | undefined>;
  readonly clock: Clock;
  readonly sleep: Sleep;
  /** Hears each status change and each reason for asking again, for progress output. */
  readonly onProgress?: (text: string) => void;
  /**
   * Hears the task's status at every read while it has not stopped, for a live display; the next read waits
   * for what it returns (the display's last log lines).
   */
  readonly onPoll?: (status: string) => void | Promise<void>;
}

export type WaitOutcome =
  | { readonly kind: 'stopped'; readonly task: Task }
  | { readonly kind: 'vanished'; readonly reason: string }
  | {
      readonly kind: 'timeout' | 'lost';
      readonly reason: string;
      /** Why StopTask failed, when it did: the task may still be running. */
      readonly stopProblem?: string;
      readonly lastSeen?: Task;
    };

/**
 * Right after RunTask, ECS's eventual consistency can answer MISSING for a task that exists. Before
 * we have seen the task once, this many MISSING answers in a row are needed to call it vanished.
 */
export const MISSING_READS_BEFORE_VANISHED = 3;

/** StopTask refuses longer reasons. */
const STOP_REASON_MAX = 255;

/**
 * Polls DescribeTasks every `pollMs` until the task stops, vanishes, becomes impossible to follow
 * (an answer we do not understand, an error that will not clear) or the timeout passes. In the last
 * two cases the task is stopped with StopTask, so nothing runs on unobserved after we exit.
 */
export async function waitForTask(taskArn: string, timing: TaskTiming, watcher: TaskWatcher): Promise<WaitOutcome> {
  const deadline = watcher.clock() + timing.timeoutMs;
  const progress = watcher.onProgress ?? (() => {});
  let lastSeen: Task | undefined;
  let missingInARow = 0;
  let announced: string | undefined;
  for (;;) {
    await watcher.sleep(Math.max(0, Math.min(timing.pollMs, deadline - watcher.clock())));
    const poll = await watcher.describe(taskArn, deadline - watcher.clock());
    let note: string | undefined;
    switch (poll.kind) {
      case 'stopped':
        return { kind: 'stopped', task: poll.task };
      case 'in-progress':
        lastSeen = poll.task;
        missingInARow = 0;
        await watcher.onPoll?.(poll.task.lastStatus ?? 'UNKNOWN');
        note = `task ${poll.task.lastStatus ?? ''}`;
        break;
      case 'missing':
        missingInARow++;
        if (lastSeen !== undefined || missingInARow >= MISSING_READS_BEFORE_VANISHED) {
          return {
            kind: 'vanished',
            reason: `the task vanished: DescribeTasks answers MISSING for ${taskArn}${lastSeen ? ` (last seen ${lastSeen.lastStatus ?? 'with no status'})` : ''}`,
          };
        }
        note = 'ECS does not list the task yet (MISSING); asking again';
        break;
      case 'retry':
        note = `DescribeTasks will be asked again: ${poll.reason}`;
        break;
      case 'fatal':
        return stopAndFail('lost', `could not follow the task: ${poll.reason}`, taskArn, watcher, lastSeen);
    }
    if (note !== announced) progress(note);
    announced = note;
    if (watcher.clock() >= deadline) {
      const seconds = formatSeconds(timing.timeoutMs);
      return stopAndFail('timeout', `timeout after ${seconds} s`, taskArn, watcher, lastSeen);
    }
  }
}

async function stopAndFail(
  kind: 'timeout' | 'lost',
  reason: string,
  taskArn: string,
  watcher: TaskWatcher,
  lastSeen: Task | undefined,
): Promise<WaitOutcome> {
  const stopProblem = await watcher.stop(taskArn, `bluegreen run-task: ${reason}`.slice(0, STOP_REASON_MAX));
  return {
    kind,
    reason,
    ...(stopProblem === undefined ? {} : { stopProblem }),
    ...(lastSeen === undefined ? {} : { lastSeen }),
  };
}

/** 90 → "90", 0.05 → "0.05": the timeout as the user typed it. */
export function formatSeconds(ms: number): string {
  return String(Math.round(ms) / 1000);
}
