import type { EcsTaskApi } from './ecs-calls';
import { judgeStoppedTask, type TaskVerdict } from './judge-stopped-task';
import type { CommandOverride, TaskTarget, TaskTiming } from './run-task-options';
import { runTaskRequest } from './run-task-request';
import { commandContainer, type TaskDefinitionFacts } from './task-definition-facts';
import type { Clock, Sleep } from '../timing';
import { waitForTask, type WaitOutcome } from './wait-for-task';

/** Everything the caller decided, validated. */
export interface RunTaskPlan {
  readonly target: TaskTarget;
  readonly command?: CommandOverride;
  readonly timing: TaskTiming;
}

export interface RunTaskDeps {
  readonly ecs: EcsTaskApi;
  readonly clock: Clock;
  readonly sleep: Sleep;
  readonly clientToken: string;
  /** Hears the task ARN as soon as ECS placed the task, before the wait. */
  readonly onStarted: (taskArn: string, definition: TaskDefinitionFacts) => void;
  readonly onProgress?: (text: string) => void;
  /** Hears the task's status at every read of the wait (see TaskWatcher.onPoll). */
  readonly onPoll?: (status: string) => void | Promise<void>;
}

export interface RunTaskResult {
  readonly taskArn: string;
  readonly definition: TaskDefinitionFacts;
  readonly outcome: WaitOutcome;
  /** Present when the task stopped and could be judged. */
  readonly verdict?: TaskVerdict;
  readonly succeeded: boolean;
}

/**
 * Reads the task definition (essential flags, log settings, the exact revision), starts one task
 * of that revision, follows it to the end and judges it. Errors before the task exists are thrown
 * (RunTaskInputError, RunTaskAwsError); everything after is in the result.
 */
export async function runOneTask(plan: RunTaskPlan, deps: RunTaskDeps): Promise<RunTaskResult> {
  const definition = await deps.ecs.describeTaskDefinition(plan.target.taskDefinition);
  const command =
    plan.command === undefined
      ? undefined
      : { container: commandContainer(definition, plan.command.container), words: plan.command.words };
  const taskArn = await deps.ecs.runTask(
    runTaskRequest({
      target: plan.target,
      taskDefinitionArn: definition.arn,
      clientToken: deps.clientToken,
      ...(command === undefined ? {} : { command }),
    }),
  );
  deps.onStarted(taskArn, definition);
  const outcome = await waitForTask(taskArn, plan.timing, {
    describe: deps.ecs.describe,
    stop: deps.ecs.stop,
    clock: deps.clock,
    sleep: deps.sleep,
    ...(deps.onProgress === undefined ? {} : { onProgress: deps.onProgress }),
    ...(deps.onPoll === undefined ? {} : { onPoll: deps.onPoll }),
  });
  if (outcome.kind !== 'stopped') return { taskArn, definition, outcome, succeeded: false };
  const verdict = judgeStoppedTask(outcome.task, definition);
  return { taskArn, definition, outcome, verdict, succeeded: verdict.succeeded };
}
