import { containerOutcomes, type ContainerOutcome } from './judge-stopped-task';
import type { RunTaskResult } from './run-one-task';
import { describeLogs, taskIdOf, type TaskDefinitionFacts } from './task-definition-facts';

/** Printed as soon as ECS placed the task, so a person can follow it in the console meanwhile. */
export function formatStarted(taskArn: string, definition: TaskDefinitionFacts): string {
  return `Task ${taskArn}\n  task definition ${definition.arn}\n`;
}

/**
 * The end of the run: each container with its exit code (or why it has none) and where its logs
 * are, then the result and, on failure, every reason.
 */
export function formatResult(result: RunTaskResult): string {
  const taskId = taskIdOf(result.taskArn);
  const containers = result.verdict?.containers ?? containersLastSeen(result);
  const width = Math.max(...containers.map((c) => c.name.length));
  const exitWidth = Math.max(...containers.map((c) => exitText(c).length));
  const lines = [`Containers of task ${taskId}:`];
  for (const c of containers) {
    const logs = result.definition.containers.find((d) => d.name === c.name)?.logs ?? { kind: 'none' as const };
    const essential = (c.essential ? 'essential' : 'not essential').padEnd(13);
    lines.push(
      `  ${c.name.padEnd(width)}  ${essential}  ${exitText(c).padEnd(exitWidth)}  ${describeLogs(logs, c.name, taskId)}`,
    );
    if (c.reason !== undefined) lines.push(`  ${' '.repeat(width)}  reason: ${c.reason}`);
  }
  lines.push(result.succeeded ? 'Result: succeeded (every essential container exited 0)' : 'Result: FAILED');
  for (const problem of failureReasons(result)) lines.push(`  - ${problem}`);
  return lines.join('\n') + '\n';
}

/** Why the run failed, one sentence each; empty when it succeeded. */
export function failureReasons(result: RunTaskResult): string[] {
  if (result.verdict !== undefined) return [...result.verdict.problems];
  const { outcome } = result;
  switch (outcome.kind) {
    case 'stopped':
      return [];
    case 'vanished':
      return [outcome.reason];
    case 'timeout':
    case 'lost':
      return [
        outcome.stopProblem === undefined
          ? `${outcome.reason}; the task was stopped (StopTask)`
          : `${outcome.reason}; stopping the task failed too, it may still run: ${outcome.stopProblem}`,
      ];
  }
}

function exitText(c: ContainerOutcome): string {
  if (c.exitCode !== undefined) return `exit ${c.exitCode}`;
  return c.lastStatus === undefined ? 'no exit code' : `${c.lastStatus.toLowerCase()}, no exit code`;
}

/** Without a stopped task, the containers as DescribeTasks last showed them (no exit codes yet). */
function containersLastSeen(result: RunTaskResult): ContainerOutcome[] {
  const { outcome } = result;
  const lastSeen = outcome.kind === 'timeout' || outcome.kind === 'lost' ? outcome.lastSeen : undefined;
  return containerOutcomes(lastSeen, result.definition);
}
