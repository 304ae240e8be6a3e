import type { PipelineConfig } from '../../model/config';
import { environmentNames, findEnvironment, findService, serviceNames } from '../../model/naming';

/** Where one environment's blue/green deployments live: the names every CodeDeploy call needs. */
export interface GroupRef {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly application: string;
  readonly deploymentGroup: string;
}

/** An environment or web service the configuration does not have; `option` names the flag that named it. */
export class UnknownNameError extends Error {
  override readonly name = 'UnknownNameError';

  constructor(
    readonly option: 'environment' | 'service',
    message: string,
  ) {
    super(message);
  }
}

/**
 * The deployment group of a web service (the first one when `serviceName` is undefined) in the named environment;
 * throws an UnknownNameError naming the configured environments or web services when unknown.
 */
export function groupRefFor(config: PipelineConfig, environmentName: string, serviceName?: string): GroupRef {
  const environment = lookUp('environment', () => findEnvironment(config.environments, environmentName));
  const names = environmentNames(config.application, environment, config.pipeline.region);
  const service = lookUp('service', () =>
    findService(
      config.services.filter((s) => s.kind === 'web'),
      serviceName,
    ),
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

function lookUp<T>(option: UnknownNameError['option'], find: () => T): T {
  try {
    return find();
  } catch (error) {
    throw new UnknownNameError(option, (error as Error).message);
  }
}
