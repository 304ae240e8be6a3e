import type { AwsVpcConfiguration, Service } from '@aws-sdk/client-ecs';
import type { PipelineConfig } from '../../model/config';
import { environmentNames, findService, serviceNames, findEnvironment } from '../../model/naming';
import { RunTaskAwsError, RunTaskInputError } from './run-task-error';

/** What `--environment` supplies: the region and the names the environment's stack gives its resources. */
export interface EnvironmentDefaults {
  readonly environment: string;
  readonly region: string;
  readonly cluster: string;
  /** The service whose network settings the task borrows. */
  readonly service: string;
  readonly taskFamily: string;
}

/**
 * The one place that maps an environment (and optionally a service) to ECS names. `--service`
 * overrides the service name only: today every environment has one service, named like its cluster.
 */
export function environmentDefaults(
  config: PipelineConfig,
  environmentName: string,
  service: string | undefined,
): EnvironmentDefaults {
  let environment: PipelineConfig['environments'][number];
  try {
    environment = findEnvironment(config.environments, environmentName);
  } catch (error) {
    throw new RunTaskInputError(`--environment: ${(error as Error).message}`);
  }
  let configured: PipelineConfig['services'][number];
  try {
    configured = findService(config.services, service);
  } catch (error) {
    throw new RunTaskInputError(`--service: ${(error as Error).message}`);
  }
  const names = serviceNames(config.application, environment, configured);
  return {
    environment: environment.name,
    region: environment.region,
    cluster: environmentNames(config.application, environment, config.pipeline.region).cluster,
    service: names.service,
    taskFamily: names.taskFamily,
  };
}

/**
 * Subnets and security groups of a service, so a migration runs where the service's tasks run (and
 * may reach its database). A CODE_DEPLOY service keeps them on its task sets, not on the service:
 * then the PRIMARY task set's (the one serving production traffic) is used.
 */
export function serviceNetwork(service: Service): { subnets: string[]; securityGroups: string[] } {
  const primary = (service.taskSets ?? []).find((set) => set.status === 'PRIMARY');
  const vpc: AwsVpcConfiguration | undefined =
    service.networkConfiguration?.awsvpcConfiguration ?? primary?.networkConfiguration?.awsvpcConfiguration;
  const subnets = vpc?.subnets ?? [];
  const securityGroups = vpc?.securityGroups ?? [];
  if (subnets.length === 0 || securityGroups.length === 0) {
    throw new RunTaskAwsError(
      `service ${service.serviceName ?? '?'} has no awsvpc subnets and security groups (neither on the service nor on a PRIMARY task set); pass --subnets and --security-groups`,
    );
  }
  return { subnets, securityGroups };
}
