import type { PipelineConfig } from '../../model/config';
import { environmentNames, findEnvironment, findService, serviceNames } from '../../model/naming';
import { LogsError } from './logs-error';

/** The environment whose logs are read: its account and region, for the calls and the messages. */
export interface LogsPlace {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
}

/** A service's container: the service's task family and container in its environment. */
export interface LogsTarget extends LogsPlace {
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
    taskFamily: serviceNames(config.application, environment, service).taskFamily,
    container,
  };
}

/** A web service's release task (migration): the service's task family, the release container and the cluster it runs on. */
export interface ReleaseTarget extends LogsTarget {
  readonly cluster: string;
}

/**
 * The release task of the named web service (the first web service when `serviceName` is undefined): it runs the
 * service's task definition, so its logs are in the service's log group, in the streams of its container.
 */
export function releaseTargetFor(config: PipelineConfig, environmentName: string, serviceName?: string): ReleaseTarget {
  const environment = lookUp('--environment', () => findEnvironment(config.environments, environmentName));
  const service = lookUp('--service', () => findService(config.services, serviceName));
  if (service.kind !== 'web' || service.release === undefined) {
    throw new LogsError(
      'input',
      `--release: service '${service.name}' has no release task; give one with release: { command: '...' } on a web service`,
    );
  }
  return {
    ...logsTargetFor(config, environment.name, service.name, service.release.container ?? service.containerName),
    cluster: environmentNames(config.application, environment, config.pipeline.region).cluster,
  };
}

/** The integration suite's CodeBuild project in an environment. */
export interface SuiteTarget extends LogsPlace {
  readonly project: string;
}

/**
 * The integration suite of the named environment: the CodeBuild project of the web service the suite tests
 * (`integrationTests.service`, else the first web service). `--service`, when given, must name that service.
 */
export function suiteTargetFor(config: PipelineConfig, environmentName: string, serviceName?: string): SuiteTarget {
  const environment = lookUp('--environment', () => findEnvironment(config.environments, environmentName));
  if (config.integrationTests === undefined) {
    throw new LogsError(
      'input',
      '--integration-suite: the configuration has no integrationTests, so no environment runs a suite; add ' +
        "integrationTests: { command: '...' } to run one",
    );
  }
  const tested = config.integrationTests.service ?? config.services.find((s) => s.kind === 'web')?.name;
  const service = config.services.find((s) => s.name === tested);
  if (service === undefined) throw new LogsError('input', '--integration-suite: the configuration has no web service');
  if (serviceName !== undefined && serviceName !== service.name) {
    throw new LogsError(
      'input',
      `--service: the integration suite tests service '${service.name}', not '${serviceName}'; leave --service out`,
    );
  }
  return {
    environment: environment.name,
    account: environment.account,
    region: environment.region,
    project: serviceNames(config.application, environment, service).integrationProject,
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
