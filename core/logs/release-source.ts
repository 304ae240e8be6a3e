import { DesiredStatus, ListTasksCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { STARTED_BY } from '../run-task/run-task-request';
import { taskIdOf } from '../run-task/task-definition-facts';
import { readLogSource } from './log-calls';
import type { LogSource } from './log-source';
import { explainLogsError, LogsError } from './logs-error';
import type { ReleaseTarget } from './logs-target';
import { retrying, type RetryPolicy } from './retry';

/** FilterLogEvents takes at most this many stream names. */
export const MAX_RELEASE_STREAMS = 100;

/**
 * The streams of the release tasks ECS still lists: the tasks `bluegreen run-task` started on the cluster
 * (`startedBy`), running or stopped (ECS lists a stopped task for about an hour). A release task runs the
 * service's task definition, so its streams are the service's `<prefix>/<container>/<task id>`; only the task
 * ids tell them from the service's own tasks.
 */
export async function readReleaseSource(
  client: ECSClient,
  target: ReleaseTarget,
  retry: RetryPolicy,
): Promise<LogSource> {
  const source = await readLogSource(client, target, retry);
  const ids: string[] = [];
  for (const desiredStatus of [DesiredStatus.RUNNING, DesiredStatus.STOPPED]) {
    ids.push(...(await listReleaseTasks(client, target, desiredStatus, retry)).map(taskIdOf));
  }
  if (ids.length === 0) {
    throw new LogsError(
      'not-found',
      `ECS lists no release task on cluster ${target.cluster} (account ${target.account}, ${target.region}), running or ` +
        'stopped within about the last hour; older release tasks are in the service log, under the task id the ' +
        `release step printed: bluegreen logs -e ${target.environment} -s ${target.service} --since 1d --filter ...`,
    );
  }
  if (source.streamPrefix === undefined) {
    throw new LogsError(
      'not-found',
      `${source.origin} has no awslogs-stream-prefix, so its release tasks' streams cannot be named`,
    );
  }
  const prefix = source.streamPrefix;
  return {
    ...source,
    streamNames: [...new Set(ids)].slice(0, MAX_RELEASE_STREAMS).map((id) => `${prefix}${id}`),
    origin: `release tasks (${source.origin})`,
  };
}

async function listReleaseTasks(
  client: ECSClient,
  target: ReleaseTarget,
  desiredStatus: DesiredStatus,
  retry: RetryPolicy,
): Promise<string[]> {
  const where = `cluster ${target.cluster} (account ${target.account}, ${target.region})`;
  try {
    const answer = await retrying(retry, () =>
      client.send(
        new ListTasksCommand({
          cluster: target.cluster,
          startedBy: STARTED_BY,
          desiredStatus,
          maxResults: MAX_RELEASE_STREAMS,
        }),
      ),
    );
    return answer.taskArns ?? [];
  } catch (error) {
    throw explainLogsError(error, { ...target, service: 'ECS', operation: 'ListTasks', where });
  }
}
