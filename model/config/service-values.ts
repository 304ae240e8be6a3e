import type { EnvironmentConfig, ServiceConfig } from './schema';

/** The variable every container of every service receives the environment's name in (staging, prod…). */
export const ENVIRONMENT_NAME_VARIABLE = 'BLUEGREEN_ENVIRONMENT';

/** A service's variables and secrets in one environment. */
export interface ServiceValues {
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: ServiceConfig['secrets'];
}

/** The service's own variables and secrets, then the environment's override of each (`environments[].services.<name>`). */
export function serviceValuesFor(environment: EnvironmentConfig, service: ServiceConfig): ServiceValues {
  const override = environment.services[service.name];
  return {
    environment: { ...service.environment, ...override?.environment },
    secrets: { ...service.secrets, ...override?.secrets },
  };
}
