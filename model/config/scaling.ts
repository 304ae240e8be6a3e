import type { EnvironmentConfig, ServiceConfig } from './schema';

/** A service's scaling in one environment: the environment's `scaling`, then the service's own override. */
export type ServiceScaling = EnvironmentConfig['scaling'];

export function scalingFor(environment: EnvironmentConfig, service: ServiceConfig): ServiceScaling {
  const override = environment.services[service.name]?.scaling ?? {};
  const defined = Object.fromEntries(Object.entries(override).filter(([, v]) => v !== undefined));
  const scaling = { ...environment.scaling, ...defined };
  if (scaling.maxTasks < scaling.minTasks) {
    throw new Error(
      `environments.${environment.name}.services.${service.name}.scaling: maxTasks ${scaling.maxTasks} is below ` +
        `minTasks ${scaling.minTasks}`,
    );
  }
  return scaling;
}

/** Tasks a service starts with in an environment: its desired count, at least the scaling minimum; a singleton's one. */
export function initialTaskCount(environment: EnvironmentConfig, service: ServiceConfig): number {
  if (isSingleton(service)) return 1;
  const desired = environment.services[service.name]?.desiredCount ?? service.desiredCount;
  return Math.max(desired, scalingFor(environment, service).minTasks);
}

/** A worker that runs exactly one task: it never scales and its rollout never runs two. */
export function isSingleton(service: ServiceConfig): boolean {
  return service.kind === 'worker' && service.singleton;
}
