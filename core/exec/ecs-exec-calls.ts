import {
  DescribeTasksCommand,
  ExecuteCommandCommand,
  ListTasksCommand,
  type ECSClient,
  type Task,
} from '@aws-sdk/client-ecs';
import { explainEcsError } from '../ecs-errors';
import type { ExecTarget } from './exec-target';
import type { ExecSession, SessionTarget } from './session-plugin';

/** ECS Exec could not start: the sentence says why and what to do. */
export class ExecError extends Error {
  override readonly name = 'ExecError';
}

/**
 * The container of a running task of the target's service that can take a session: the task given by id, or the
 * first running one. Refused with the reason when the task was started without execute command, or its ECS Exec
 * agent is not running in that container.
 */
export async function sessionTarget(
  client: ECSClient,
  target: ExecTarget,
  container: string,
  taskId?: string,
): Promise<SessionTarget> {
  const listed = await call(target, 'ListTasks', () =>
    client.send(
      new ListTasksCommand({ cluster: target.cluster, serviceName: target.service, desiredStatus: 'RUNNING' }),
    ),
  );
  const arns = listed.taskArns ?? [];
  const taskArn = taskId === undefined ? arns[0] : arns.find((arn) => arn.endsWith(`/${taskId}`));
  if (taskArn === undefined) {
    throw new ExecError(
      taskId === undefined
        ? `no running task of service ${target.service} in cluster ${target.cluster}; see \`bluegreen status -e ${target.environment}\``
        : `task ${taskId} is not a running task of service ${target.service} (running: ${arns.map(taskIdOf).join(', ') || 'none'})`,
    );
  }
  const described = await call(target, 'DescribeTasks', () =>
    client.send(new DescribeTasksCommand({ cluster: target.cluster, tasks: [taskArn] })),
  );
  const task = described.tasks?.[0];
  if (task === undefined) throw new ExecError(`ECS did not describe task ${taskIdOf(taskArn)}; run again`);
  return { taskArn, runtimeId: runtimeIdOf(task, container, target) };
}

function runtimeIdOf(task: Task, containerName: string, target: ExecTarget): string {
  const id = taskIdOf(task.taskArn ?? '?');
  if (task.enableExecuteCommand !== true) {
    throw new ExecError(
      `task ${id} runs without execute command: it started before ECS Exec was turned on for ${target.environment}, ` +
        'so only tasks started after that deployment accept a session',
    );
  }
  const container = task.containers?.find((c) => c.name === containerName);
  if (container === undefined) {
    const names = (task.containers ?? []).map((c) => c.name).join(', ');
    throw new ExecError(`task ${id} has no container '${containerName}' (it has: ${names}); pass --container NAME`);
  }
  const agent = container.managedAgents?.find((a) => a.name === 'ExecuteCommandAgent');
  if (agent?.lastStatus !== 'RUNNING' || container.runtimeId === undefined) {
    throw new ExecError(
      `the ECS Exec agent in container '${containerName}' of task ${id} is ${agent?.lastStatus ?? 'not reported'}, not RUNNING; ` +
        'wait a minute after the task starts, or see https://github.com/aws-containers/amazon-ecs-exec-checker',
    );
  }
  return container.runtimeId;
}

/** ExecuteCommand, interactive: the session the plugin connects to. */
export async function startSession(
  client: ECSClient,
  target: ExecTarget,
  session: SessionTarget,
  container: string,
  command: string,
): Promise<ExecSession> {
  const answer = await call(target, 'ExecuteCommand', () =>
    client.send(
      new ExecuteCommandCommand({
        cluster: target.cluster,
        task: session.taskArn,
        container,
        command,
        interactive: true,
      }),
    ),
  );
  const { sessionId, streamUrl, tokenValue } = answer.session ?? {};
  if (!sessionId || !streamUrl || !tokenValue) {
    throw new ExecError('ECS answered ExecuteCommand without a complete session (id, stream URL, token); run again');
  }
  return { sessionId, streamUrl, tokenValue };
}

const taskIdOf = (arn: string) => arn.split('/').pop() ?? arn;

async function call<T>(target: ExecTarget, operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new ExecError(explainEcsError(error, operation, target));
  }
}
