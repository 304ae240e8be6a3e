import type { z } from 'zod';
import { REPOINT_ENVIRONMENT, type RepointedService } from '../lambda-contracts';
import { environmentNames, serviceNames } from '../naming';

/** Lambda's limit on all of a function's environment variables together, keys included (Lambda quotas). */
export const LAMBDA_ENVIRONMENT_BYTES = 4096;

/** The longest ARN ELB can give a listener: the longest partition and region, a 32-character load balancer name. */
const LONGEST_LISTENER_ARN = `arn:aws-iso-b:elasticloadbalancing:ap-southeast-7:123456789012:listener/app/${'n'.repeat(32)}/${'0'.repeat(16)}/${'0'.repeat(16)}`;
/** ELB's limit on a target group name. */
const LONGEST_TARGET_GROUP = 'n'.repeat(32);

interface RepointedConfig {
  readonly application: string;
  readonly pipeline: { readonly region: string };
  readonly services?: readonly { readonly name: string; readonly kind: string }[];
  readonly environments: readonly { readonly name: string; readonly region: string; readonly approval?: boolean }[];
}

/**
 * The most bytes the environment's listener re-point function's variables can take (its stack fills them with the
 * real ARNs and names at deploy time, which are no longer than these).
 */
export function repointEnvironmentBytes(
  config: RepointedConfig,
  environment: RepointedConfig['environments'][number],
): number {
  const names = environmentNames(config.application, environment, config.pipeline.region);
  const services: RepointedService[] = (config.services ?? [])
    .filter((s) => s.kind === 'web')
    .map((s) => ({
      service: s.name,
      deploymentGroup: serviceNames(config.application, environment, { name: s.name, legacyNames: false })
        .deploymentGroup,
      listeners: [LONGEST_LISTENER_ARN, LONGEST_LISTENER_ARN],
      targetGroups: [LONGEST_TARGET_GROUP, LONGEST_TARGET_GROUP],
    }));
  const variables = {
    [REPOINT_ENVIRONMENT.environment]: environment.name,
    [REPOINT_ENVIRONMENT.account]: '123456789012',
    [REPOINT_ENVIRONMENT.application]: names.codeDeployApplication,
    [REPOINT_ENVIRONMENT.services]: JSON.stringify(services),
  };
  return Object.entries(variables).reduce((sum, [key, value]) => sum + Buffer.byteLength(key + value), 0);
}

/** Refuses so many web services in one environment that its re-point function's variables could pass Lambda's limit. */
export function refineRepointEnvironment(config: RepointedConfig, ctx: z.RefinementCtx): void {
  const webServices = (config.services ?? []).filter((s) => s.kind === 'web').length;
  for (const environment of config.environments) {
    const bytes = repointEnvironmentBytes(config, environment);
    if (bytes <= LAMBDA_ENVIRONMENT_BYTES) continue;
    ctx.addIssue({
      code: 'custom',
      path: ['services'],
      input: webServices,
      message:
        `${webServices} web services give environment '${environment.name}' a listener re-point function whose ` +
        `environment variables may take ${bytes} bytes; Lambda allows ${LAMBDA_ENVIRONMENT_BYTES}: use fewer web ` +
        'services (or shorter service names) per application',
    });
    return;
  }
}
