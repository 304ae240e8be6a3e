import type { Failure, Task } from '@aws-sdk/client-ecs';

/** One DescribeTasks read of our task, classified. */
export type TaskPoll =
  | { readonly kind: 'in-progress'; readonly task: Task }
  | { readonly kind: 'stopped'; readonly task: Task }
  | { readonly kind: 'missing' }
  /** Worth asking again at the next poll: throttled, a server fault, the network, a slow answer. */
  | { readonly kind: 'retry'; readonly reason: string }
  /** An answer we do not understand or an error that will not go away: stop following the task. */
  | { readonly kind: 'fatal'; readonly reason: string };

/** Every lastStatus ECS documents on the way to STOPPED. Anything else fails closed. */
export const IN_PROGRESS_STATUSES: ReadonlySet<string> = new Set([
  'PROVISIONING',
  'PENDING',
  'ACTIVATING',
  'RUNNING',
  'DEACTIVATING',
  'STOPPING',
  'DEPROVISIONING',
]);

/** Classifies DescribeTasks' answer for the one task we asked about. */
export function classifyDescribeTasks(
  answer: { readonly tasks?: readonly Task[]; readonly failures?: readonly Failure[] },
  taskArn: string,
): TaskPoll {
  const tasks = answer.tasks ?? [];
  const failures = answer.failures ?? [];
  if (tasks.length === 0 && failures.length === 1 && failures[0].reason === 'MISSING') return { kind: 'missing' };
  if (failures.length > 0) return { kind: 'fatal', reason: `DescribeTasks failed: ${describeFailures(failures)}` };
  if (tasks.length !== 1 || tasks[0].taskArn !== taskArn) {
    const arns = tasks.map((t) => t.taskArn ?? 'no ARN').join(', ') || 'none';
    return { kind: 'fatal', reason: `DescribeTasks answered about other tasks than ${taskArn} (tasks: ${arns})` };
  }
  const task = tasks[0];
  if (task.lastStatus === 'STOPPED') return { kind: 'stopped', task };
  if (task.lastStatus !== undefined && IN_PROGRESS_STATUSES.has(task.lastStatus)) return { kind: 'in-progress', task };
  return {
    kind: 'fatal',
    reason: `DescribeTasks gave the task a lastStatus run-task does not know: ${task.lastStatus ?? 'none'}`,
  };
}

/** `arn: reason (detail)` for each failure ECS listed. */
export function describeFailures(failures: readonly Failure[]): string {
  return failures
    .map((f) => `${f.arn ?? 'no ARN'}: ${f.reason ?? 'no reason'}${f.detail ? ` (${f.detail})` : ''}`)
    .join('; ');
}

/** `Name: message` of an error, for messages. */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message && error.message !== error.name ? `${error.name}: ${error.message}` : error.name;
}
