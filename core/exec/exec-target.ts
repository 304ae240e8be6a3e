import type { PipelineConfig } from '../../model/config';
import { environmentNames, findEnvironment, findService, serviceNames } from '../../model/naming';

/** The running service `bluegreen exec` opens a session in, from the configuration. */
export interface ExecTarget {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly cluster: string;
  readonly service: string;
  /** False when the environment has not turned ECS Exec on (`exec: true`). */
  readonly execEnabled: boolean;
}

/** Resolves `--environment` and `--service` (default: the first service); an unknown name throws with the known ones. */
export function execTarget(config: PipelineConfig, environmentName: string, serviceName?: string): ExecTarget {
  const environment = findEnvironment(config.environments, environmentName);
  const service = findService(config.services, serviceName);
  return {
    environment: environment.name,
    account: environment.account,
    region: environment.region,
    cluster: environmentNames(config.application, environment, config.pipeline.region).cluster,
    service: serviceNames(config.application, environment, service).service,
    execEnabled: environment.exec,
  };
}

/** What to tell a user whose environment has ECS Exec off: how to turn it on, and what CloudFormation allows. */
export function execOffMessage(target: ExecTarget, configFile: string): string {
  return (
    `ECS Exec is off in ${target.environment}: set \`exec: true\` on environment ${target.environment} in ${configFile}, ` +
    'push, and let the pipeline deploy it. A worker picks it up at its next rollout; a web service (CODE_DEPLOY) ' +
    'only gets it when it is created, because CloudFormation cannot change it on an existing one'
  );
}
