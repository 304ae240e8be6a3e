import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { logLocation } from '../run-task/task-definition-facts';
import { LogsError } from './logs-error';
import type { LogsTarget } from './logs-target';

/** Where a container's output is: the log group, and the stream-name prefix of its tasks. */
export interface LogSource {
  readonly group: string;
  /** `<awslogs-stream-prefix>/<container>/`: every stream of the container's tasks starts so. Undefined: the whole group. */
  readonly streamPrefix?: string;
  /** Exactly these streams (release tasks), instead of a prefix: FilterLogEvents takes one or the other. */
  readonly streamNames?: readonly string[];
  readonly region: string;
  /** What this was read from, for the reader: `container app of task definition sample-staging:42`. */
  readonly origin: string;
}

/**
 * Reads the log settings of the target's container from the newest revision of its task definition (the
 * construct names the log group; CloudFormation generates the name, so it is read, not rebuilt here). A
 * container that does not log to CloudWatch Logs has nothing to read.
 */
export function logSourceOf(definition: TaskDefinition | undefined, target: LogsTarget): LogSource {
  const arn = definition?.taskDefinitionArn;
  if (arn === undefined) {
    throw new LogsError(
      'failed',
      `ECS answered DescribeTaskDefinition for ${target.taskFamily} without a task definition`,
    );
  }
  const revision = arn.slice(arn.lastIndexOf('/') + 1);
  const containers = definition?.containerDefinitions ?? [];
  const container = containers.find((c) => c.name === target.container);
  if (container === undefined) {
    throw new LogsError(
      'not-found',
      `task definition ${revision} has no container '${target.container}' (containers: ${containers.map((c) => c.name).join(', ')}); ` +
        'has the configuration changed since the last deployment?',
    );
  }
  const location = logLocation(container.logConfiguration?.logDriver, container.logConfiguration?.options);
  if (location.kind !== 'awslogs') {
    const how = location.kind === 'none' ? 'has no log configuration' : `logs with the ${location.driver} driver`;
    throw new LogsError(
      'not-found',
      `container '${target.container}' of task definition ${revision} ${how}, so CloudWatch Logs has none of its output`,
    );
  }
  return {
    group: location.group,
    ...(location.streamPrefix === undefined ? {} : { streamPrefix: `${location.streamPrefix}/${target.container}/` }),
    region: location.region ?? target.region,
    origin: `container ${target.container} of task definition ${revision}`,
  };
}
