import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
  type RunTaskCommandInput,
} from '@aws-sdk/client-ecs';
import { RunTaskAwsError } from './run-task-error';
import { taskDefinitionFacts, type TaskDefinitionFacts } from './task-definition-facts';
import { isTransientError } from '../aws-errors';
import { classifyDescribeTasks, describeFailures, errorText, type TaskPoll } from './task-poll';
import { serviceNetwork } from './environment-target';

/** Socket bounds for every ECS call, so no call waits forever on a silent endpoint. */
export const ECS_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 30_000 } as const;
/** A poll at the deadline still gets this long to answer, so the last look is not cut off at once. */
const MIN_READ_MS = 1_000;

/** The ECS calls run-task makes, over one cluster; tests and the bench may replace any of them. */
export interface EcsTaskApi {
  readonly describeTaskDefinition: (taskDefinition: string) => Promise<TaskDefinitionFacts>;
  /** RunTask; resolves to the ARN of the one task ECS placed, or throws RunTaskAwsError. */
  readonly runTask: (request: RunTaskCommandInput) => Promise<string>;
  readonly describe: (taskArn: string, timeLeftMs: number) => Promise<TaskPoll>;
  readonly stop: (taskArn: string, reason: string) => Promise<string | undefined>;
}

export function ecsTaskApi(client: ECSClient, cluster: string): EcsTaskApi {
  return {
    describeTaskDefinition: async (taskDefinition) => {
      const answer = await call('DescribeTaskDefinition', () =>
        client.send(new DescribeTaskDefinitionCommand({ taskDefinition })),
      );
      return taskDefinitionFacts(answer.taskDefinition);
    },

    runTask: async (request) => {
      const answer = await call('RunTask', () => client.send(new RunTaskCommand(request)));
      const tasks = answer.tasks ?? [];
      const failures = answer.failures ?? [];
      if (failures.length > 0) {
        // A partial placement is impossible with count 1, but never leave a task running that we will not follow.
        await Promise.all(tasks.map((t) => t.taskArn && stopQuietly(client, cluster, t.taskArn)));
        throw new RunTaskAwsError(`RunTask placed no task: ${describeFailures(failures)}`);
      }
      if (tasks.length === 0) throw new RunTaskAwsError('RunTask placed no task and listed no failures');
      const arn = tasks[0].taskArn;
      if (tasks.length !== 1 || arn === undefined) {
        await Promise.all(tasks.map((t) => t.taskArn && stopQuietly(client, cluster, t.taskArn)));
        throw new RunTaskAwsError(`RunTask answered ${tasks.length} tasks (asked for 1), not all with an ARN`);
      }
      return arn;
    },

    describe: async (taskArn, timeLeftMs) => {
      try {
        const answer = await client.send(new DescribeTasksCommand({ cluster, tasks: [taskArn] }), {
          abortSignal: AbortSignal.timeout(Math.max(timeLeftMs, MIN_READ_MS)),
        });
        return classifyDescribeTasks(answer, taskArn);
      } catch (error) {
        return isTransientError(error)
          ? { kind: 'retry', reason: errorText(error) }
          : { kind: 'fatal', reason: `DescribeTasks failed: ${errorText(error)}` };
      }
    },

    stop: async (taskArn, reason) => {
      try {
        await client.send(new StopTaskCommand({ cluster, task: taskArn, reason }));
        return undefined;
      } catch (error) {
        return `StopTask failed: ${errorText(error)}`;
      }
    },
  };
}

/** Subnets and security groups of `service` in `cluster`, read with DescribeServices. */
export async function describeServiceNetwork(
  client: ECSClient,
  cluster: string,
  service: string,
): Promise<{ subnets: string[]; securityGroups: string[] }> {
  const answer = await call('DescribeServices', () =>
    client.send(new DescribeServicesCommand({ cluster, services: [service] })),
  );
  const failures = answer.failures ?? [];
  const found = (answer.services ?? []).filter(
    (s) => s.serviceName === service || s.serviceArn?.endsWith(`/${service}`),
  );
  if (found.length !== 1) {
    const why = failures.length > 0 ? describeFailures(failures) : 'no such service in the answer';
    throw new RunTaskAwsError(`DescribeServices found no service ${service} in cluster ${cluster}: ${why}`);
  }
  return serviceNetwork(found[0]);
}

async function stopQuietly(client: ECSClient, cluster: string, taskArn: string): Promise<void> {
  await client
    .send(new StopTaskCommand({ cluster, task: taskArn, reason: 'bluegreen run-task: unexpected extra task' }))
    .catch(() => undefined);
}

async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new RunTaskAwsError(`${operation} failed: ${errorText(error)}`);
  }
}
