import type { PipelineConfig } from '../../pipeline/config';
import { findEnvironment, findService, serviceNames } from '../../pipeline/naming';
import { LogsError } from './logs-error';

/** Whose logs to read: the environment's account and region, and the service's task family and container. */
export interface LogsTarget {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  /** The service's name in the config. */
  readonly service: string;
  /** The family its task definitions are registered under; its newest revision says where the logs go. */
  readonly taskFamily: string;
  readonly container: string;
}

/**
 * The service (the first web service when `serviceName` is undefined) of the named environment, and its app
 * container or the named sidecar. Unknown names are input errors listing the configured ones.
 */
export function logsTargetFor(
  config: PipelineConfig,
  environmentName: string,
  serviceName?: string,
  containerName?: string,
): LogsTarget {
  const environment = lookUp('--environment', () => findEnvironment(config.environments, environmentName));
  const service = lookUp('--service', () => findService(config.services, serviceName));
  const containers = [service.containerName, ...service.sidecars.map((s) => s.name)];
  const container = containerName ?? service.containerName;
  if (!containers.includes(container)) {
    throw new LogsError(
      'input',
      `--container: service '${service.name}' has no container '${container}' (containers: ${containers.join(', ')})`,
    );
  }
  return {
    environment: environment.name,
    account: environment.account,
    region: environment.region,
    service: service.name,
    taskFamily: serviceNames(config.application, environment.name, service).taskFamily,
    container,
  };
}

/** `task definition family sample-staging (account 222222222222, eu-west-1)`, for messages. */
export function describeFamily(target: LogsTarget): string {
  return `task definition family ${target.taskFamily} (account ${target.account}, ${target.region})`;
}

function lookUp<T>(flag: string, find: () => T): T {
  try {
    return find();
  } catch (error) {
    throw new LogsError('input', `${flag}: ${(error as Error).message}`);
  }
}
