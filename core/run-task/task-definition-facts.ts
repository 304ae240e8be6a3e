import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { RunTaskAwsError, RunTaskInputError } from './run-task-error';

/** Where a container's output goes, as far as the task definition says. */
export type LogLocation =
  | { readonly kind: 'awslogs'; readonly group: string; readonly streamPrefix?: string; readonly region?: string }
  | { readonly kind: 'other'; readonly driver: string }
  | { readonly kind: 'none' };

/** What run-task needs of one container definition. */
export interface ContainerFacts {
  readonly name: string;
  readonly essential: boolean;
  readonly logs: LogLocation;
}

/** What run-task needs of the task definition it runs. */
export interface TaskDefinitionFacts {
  /** The exact revision, so RunTask runs what the essential flags and log settings were read from. */
  readonly arn: string;
  readonly containers: readonly ContainerFacts[];
}

/**
 * Reads DescribeTaskDefinition's answer. `essential` defaults to true in ECS when a container
 * definition leaves it out. A definition without an ARN or containers is an answer we do not
 * understand: judging a task against it could call a failure a success.
 */
export function taskDefinitionFacts(definition: TaskDefinition | undefined): TaskDefinitionFacts {
  const arn = definition?.taskDefinitionArn;
  const containers = definition?.containerDefinitions ?? [];
  if (arn === undefined || containers.length === 0 || containers.some((c) => !c.name)) {
    throw new RunTaskAwsError('DescribeTaskDefinition answered without an ARN or without named containers');
  }
  const facts = containers.map((c) => ({
    name: c.name ?? '',
    essential: c.essential !== false,
    logs: logLocation(c.logConfiguration?.logDriver, c.logConfiguration?.options),
  }));
  if (!facts.some((c) => c.essential)) {
    throw new RunTaskAwsError(
      `task definition ${arn} has no essential container, so no exit code could decide the run`,
    );
  }
  return { arn, containers: facts };
}

/** Where a container definition's log configuration sends its output. */
export function logLocation(driver: string | undefined, options: Record<string, string> | undefined): LogLocation {
  if (driver === undefined) return { kind: 'none' };
  const group = options?.['awslogs-group'];
  if (driver !== 'awslogs' || group === undefined) return { kind: 'other', driver };
  const streamPrefix = options?.['awslogs-stream-prefix'];
  const region = options?.['awslogs-region'];
  return {
    kind: 'awslogs',
    group,
    ...(streamPrefix === undefined ? {} : { streamPrefix }),
    ...(region === undefined ? {} : { region }),
  };
}

/**
 * The container a `--command` goes to: the one named by `--container`, which must exist, or else the
 * only essential container. With several essential containers the choice would be a guess (the
 * command could land in a sidecar), so `--container` is then required.
 */
export function commandContainer(facts: TaskDefinitionFacts, requested: string | undefined): string {
  const names = facts.containers.map((c) => c.name);
  if (requested !== undefined) {
    if (names.includes(requested)) return requested;
    throw new RunTaskInputError(
      `--container '${requested}' is not a container of ${facts.arn} (containers: ${names.join(', ')})`,
    );
  }
  const essential = facts.containers.filter((c) => c.essential).map((c) => c.name);
  if (essential.length === 1) return essential[0];
  throw new RunTaskInputError(
    `--command needs --container: ${facts.arn} has ${essential.length} essential containers (${essential.join(', ')})`,
  );
}

/** `group G, stream P/NAME/TASKID` or why the stream cannot be named. */
export function describeLogs(logs: LogLocation, container: string, taskId: string): string {
  switch (logs.kind) {
    case 'none':
      return 'no log configuration';
    case 'other':
      return `log driver ${logs.driver} (not awslogs)`;
    case 'awslogs': {
      const where = `log group ${logs.group}${logs.region ? ` (${logs.region})` : ''}`;
      return logs.streamPrefix === undefined
        ? `${where}, stream unknown (no awslogs-stream-prefix)`
        : `${where}, stream ${logs.streamPrefix}/${container}/${taskId}`;
    }
  }
}

/** The task id: the last segment of `arn:…:task/CLUSTER/ID` (or the old `arn:…:task/ID`). */
export function taskIdOf(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf('/') + 1);
}
