import type { z } from 'zod';
import { environmentNames, type EnvironmentNames } from '../naming';

/** IAM's limit on a role name (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
export const MAX_ROLE_NAME = 64;

/** The fixed role names of an environment (naming.ts); the service roles are bounded by the hook name check. */
export const ENVIRONMENT_ROLES: readonly (keyof EnvironmentNames)[] = [
  'taskDefinitionReaderRole',
  'alarmReaderRole',
  'codeDeployActionRole',
  'pipelineRole',
  'deployStepRole',
  'renderRole',
  'bakeRole',
  'releaseStepRole',
  'suiteStepRole',
  'suiteUploadRole',
  'releaseRole',
  'rollWorkersStepRole',
  'workerRollerRole',
  'frontendPublisherRole',
  'frontendPublishRole',
  'listenerRepointRole',
  'repointStepRole',
];

interface NamedConfig {
  readonly application: string;
  readonly pipeline: { readonly region: string };
  readonly environments: readonly { readonly name: string; readonly region: string }[];
}

/** Refuses an application and environment name whose longest role name IAM would refuse, naming the field. */
export function refineRoleNames(config: NamedConfig, ctx: z.RefinementCtx): void {
  config.environments.forEach((environment, e) => {
    const names = environmentNames(config.application, environment, config.pipeline.region);
    const longest = ENVIRONMENT_ROLES.map((key) => names[key]).reduce((a, b) => (b.length > a.length ? b : a));
    if (longest.length <= MAX_ROLE_NAME) return;
    ctx.addIssue({
      code: 'custom',
      path: ['environments', e, 'name'],
      input: environment.name,
      message:
        `makes the role name '${longest}' ${longest.length} characters long; IAM allows ${MAX_ROLE_NAME}: ` +
        'shorten the environment or application name',
    });
  });
}
