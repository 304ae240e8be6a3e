import type { Task } from '@aws-sdk/client-ecs';
import type { TaskDefinitionFacts } from './task-definition-facts';

/** One container of the stopped task, for the report. */
export interface ContainerOutcome {
  readonly name: string;
  readonly essential: boolean;
  readonly exitCode?: number;
  readonly reason?: string;
  readonly lastStatus?: string;
}

export interface TaskVerdict {
  readonly succeeded: boolean;
  /** What went wrong, one sentence each; empty exactly when `succeeded`. */
  readonly problems: readonly string[];
  readonly containers: readonly ContainerOutcome[];
}

/**
 * Stop codes that say the task was ended from outside: its containers may have exited 0 on SIGTERM,
 * which is a clean shutdown, not a finished migration.
 */
const STOPPED_FROM_OUTSIDE = new Set([
  'UserInitiated',
  'ServiceSchedulerInitiated',
  'SpotInterruption',
  'TerminationNotice',
  'InfrastructureHealth',
]);

const SIGNAL_HINTS: Record<number, string> = {
  137: 'killed by SIGKILL: out of memory, or it did not stop after SIGTERM',
  143: 'terminated by SIGTERM',
};

/**
 * Success only when the task STOPPED on its own (stop code EssentialContainerExited, or none given)
 * and every essential container, per the task definition, reported exit code 0. A missing essential
 * container or exit code, a start failure, a stop from outside or a stop code we do not know is a
 * failure: an unknown state must never pass a migration.
 */
export function judgeStoppedTask(task: Task, definition: TaskDefinitionFacts): TaskVerdict {
  const problems: string[] = [];
  if (task.lastStatus !== 'STOPPED')
    problems.push(`the task has not stopped (lastStatus ${task.lastStatus ?? 'missing'})`);
  const stopCode = task.stopCode;
  const stoppedReason = task.stoppedReason ?? 'no reason given';
  const failedToStart = stopCode === 'TaskFailedToStart';
  if (failedToStart) {
    problems.push(`the task failed to start (TaskFailedToStart): ${stoppedReason}`);
  } else if (stopCode !== undefined && STOPPED_FROM_OUTSIDE.has(stopCode)) {
    problems.push(`the task was stopped from outside before it finished (${stopCode}): ${stoppedReason}`);
  } else if (stopCode !== undefined && stopCode !== 'EssentialContainerExited') {
    problems.push(`the task stopped with stop code ${stopCode}, which run-task does not know: ${stoppedReason}`);
  }

  const containers = containerOutcomes(task, definition);
  for (const container of containers.filter((c) => c.essential)) {
    const problem = essentialContainerProblem(container, task, failedToStart);
    if (problem !== undefined) problems.push(problem);
  }
  return { succeeded: problems.length === 0, problems, containers };
}

function essentialContainerProblem(
  container: ContainerOutcome,
  task: Task,
  failedToStart: boolean,
): string | undefined {
  const reason = container.reason === undefined ? '' : `: ${container.reason}`;
  if (!(task.containers ?? []).some((c) => c.name === container.name)) {
    return `essential container ${container.name} is missing from ECS's description of the task`;
  }
  if (container.exitCode === undefined) {
    // A task that never started has no exit codes at all; its start failure already says why.
    if (failedToStart) return undefined;
    return `essential container ${container.name} has no exit code (killed or never ran)${reason || ': no reason given'}`;
  }
  if (container.exitCode === 0) return undefined;
  const hint = SIGNAL_HINTS[container.exitCode];
  return `essential container ${container.name} exited with code ${container.exitCode}${hint ? ` (${hint})` : ''}${reason}`;
}

/** Each container of the task definition as the task last showed it (no exit code while it runs). */
export function containerOutcomes(task: Task | undefined, definition: TaskDefinitionFacts): ContainerOutcome[] {
  return definition.containers.map((defined) => {
    const seen = task?.containers?.find((c) => c.name === defined.name);
    return {
      name: defined.name,
      essential: defined.essential,
      ...(seen?.exitCode === undefined ? {} : { exitCode: seen.exitCode }),
      ...(seen?.reason === undefined ? {} : { reason: seen.reason }),
      ...(seen?.lastStatus === undefined ? {} : { lastStatus: seen.lastStatus }),
    };
  });
}
