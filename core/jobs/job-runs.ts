import { DescribeTasksCommand, ListTasksCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';
import type { PipelineConfig } from '../../model/config';
import { findEnvironment, serviceNames } from '../../model/naming';
import { formatTime } from '../deployments/time-format';
import { explainEcsError, type EcsPlace } from '../ecs-errors';

/** A scheduled job as status reads it: its schedule, and the family and task group its runs carry. */
export interface JobRef {
  readonly name: string;
  readonly schedule: string;
  readonly timezone: string;
  readonly family: string;
  /** The task group the schedule gives every run (`job:<name>`), which tells a job's runs from the service's tasks. */
  readonly group: string;
}

/** The environment's scheduled jobs, with the task family each runs. */
export function jobsOf(config: PipelineConfig, environmentName: string): JobRef[] {
  const environment = findEnvironment(config.environments, environmentName);
  return (config.jobs ?? []).map((job) => {
    const service = config.services.find((s) => s.name === job.service);
    if (service === undefined) throw new Error(`job ${job.name} names no service (validation lets none through)`);
    return {
      name: job.name,
      schedule: job.schedule,
      timezone: job.timezone,
      family: serviceNames(config.application, environment, service).taskFamily,
      group: `job:${job.name}`,
    };
  });
}

/** DescribeTasks answers at most 100 tasks per call. */
const TASKS_PER_CALL = 100;

/**
 * The runs ECS still lists for each job: running ones, and stopped ones (ECS keeps a stopped task for about an
 * hour), newest first. A job's runs are the tasks of its family with its group.
 */
export async function recentJobRuns(
  client: ECSClient,
  place: EcsPlace,
  jobs: readonly JobRef[],
): Promise<Map<string, Task[]>> {
  const runs = new Map<string, Task[]>(jobs.map((job) => [job.name, []]));
  for (const family of new Set(jobs.map((job) => job.family))) {
    const arns: string[] = [];
    for (const desiredStatus of ['RUNNING', 'STOPPED'] as const) {
      const listed = await call(place, 'ListTasks', () =>
        client.send(new ListTasksCommand({ cluster: place.cluster, family, desiredStatus })),
      );
      arns.push(...(listed.taskArns ?? []));
    }
    for (let start = 0; start < arns.length; start += TASKS_PER_CALL) {
      const described = await call(place, 'DescribeTasks', () =>
        client.send(
          new DescribeTasksCommand({ cluster: place.cluster, tasks: arns.slice(start, start + TASKS_PER_CALL) }),
        ),
      );
      for (const task of described.tasks ?? []) {
        const job = jobs.find((j) => j.family === family && j.group === task.group);
        if (job) runs.get(job.name)?.push(task);
      }
    }
  }
  for (const tasks of runs.values()) tasks.sort((a, b) => startedAt(b) - startedAt(a));
  return runs;
}

/** One block per job: its schedule, then each run ECS still lists with its state, times and exit codes. */
export function formatJobRuns(jobs: readonly JobRef[], runs: ReadonlyMap<string, readonly Task[]>): string {
  const lines = [
    'Scheduled jobs (runs ECS still lists, about the last hour; older failures are in each job’s dead-letter queue and alarm):',
  ];
  for (const job of jobs) {
    lines.push(`  ${job.name}  ${job.schedule} (${job.timezone})`);
    const jobRuns = runs.get(job.name) ?? [];
    if (jobRuns.length === 0) lines.push('    no run listed');
    for (const task of jobRuns) lines.push(`    ${describeRun(task)}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeRun(task: Task): string {
  const id = task.taskArn?.split('/').pop() ?? '?';
  const started = formatTime(task.startedAt ?? task.createdAt);
  if (task.lastStatus !== 'STOPPED') return `${id}  ${task.lastStatus ?? '?'} since ${started}`;
  const exits = (task.containers ?? []).map((c) => `${c.name ?? '?'} ${c.exitCode ?? 'no exit code'}`).join(', ');
  const failed = (task.containers ?? []).some((c) => c.exitCode !== 0) || task.stopCode === 'TaskFailedToStart';
  return (
    `${id}  ${failed ? 'FAILED' : 'succeeded'}  ${started} → ${formatTime(task.stoppedAt)}  exit: ${exits}` +
    (failed && task.stoppedReason ? `  (${task.stoppedReason})` : '')
  );
}

const startedAt = (task: Task) => (task.startedAt ?? task.createdAt ?? new Date(0)).getTime();

async function call<T>(place: EcsPlace, operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new JobRunsError(explainEcsError(error, operation, place));
  }
}

/** ECS could not be asked about a job's runs. */
export class JobRunsError extends Error {
  override readonly name = 'JobRunsError';
}
