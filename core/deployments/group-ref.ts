import type { PipelineConfig } from '../../pipeline/config';
import { environmentNames, findEnvironment, findService, serviceNames } from '../../pipeline/naming';

/** Where one environment's blue/green deployments live: the names every CodeDeploy call needs. */
export interface GroupRef {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly application: string;
  readonly deploymentGroup: string;
}

/**
 * The deployment group of a web service (the first one when `serviceName` is undefined) in the named environment;
 * throws naming the configured environments or services when unknown.
 */
export function groupRefFor(config: PipelineConfig, environmentName: string, serviceName?: string): GroupRef {
  const environment = findEnvironment(config.environments, environmentName);
  const names = environmentNames(config.application, environment, config.pipeline.region);
  const service = findService(
    config.services.filter((s) => s.kind === 'web'),
    serviceName,
  );
  return {
    environment: environment.name,
    account: environment.account,
    region: environment.region,
    application: names.codeDeployApplication,
    deploymentGroup: serviceNames(config.application, environment, service).deploymentGroup,
  };
}

/** `sample-staging/sample-staging-bluegreen (account 222222222222, eu-west-1)`, for messages. */
export function describeGroup(ref: GroupRef): string {
  return `${ref.application}/${ref.deploymentGroup} (account ${ref.account}, ${ref.region})`;
}
