import type { PipelineConfig } from '../../model/config';
import { environmentNames, findEnvironment, serviceNames } from '../../model/naming';
import type { WorkerCluster } from './worker-rollout-calls';

/** An environment's cluster and the ECS service names of its workers (none when the app has no worker). */
export function workersOf(
  config: PipelineConfig,
  environmentName: string,
): { readonly where: WorkerCluster; readonly services: string[] } {
  const environment = findEnvironment(config.environments, environmentName);
  return {
    where: {
      environment: environment.name,
      account: environment.account,
      region: environment.region,
      cluster: environmentNames(config.application, environment, config.pipeline.region).cluster,
    },
    services: config.services
      .filter((service) => service.kind === 'worker')
      .map((worker) => serviceNames(config.application, environment, worker).service),
  };
}
