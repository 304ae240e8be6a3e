import type { z } from 'zod';
import { refineVpcUse, type ExistingVpcConfig } from './network-schema';

/** What the check needs of a configuration; structural so this file does not import schema.ts. */
interface NetworkConfigShape {
  readonly service?: unknown;
  readonly services?: readonly { readonly kind: string; readonly public?: boolean }[];
  readonly database?: unknown;
  readonly cache?: unknown;
  readonly environments: readonly { readonly vpc?: ExistingVpcConfig }[];
}

/**
 * Each imported VPC against what the application puts in it: public subnets and NAT addresses for a public web
 * service (the single `service:` form is one), isolated subnets for the data tier.
 */
export function refineVpcUses(config: NetworkConfigShape, ctx: z.core.$RefinementCtx): void {
  const publicLoadBalancer =
    config.service !== undefined || (config.services ?? []).some((s) => s.kind === 'web' && s.public !== false);
  const dataTier = config.database !== undefined || config.cache !== undefined;
  config.environments.forEach((environment, e) => {
    if (!environment.vpc) return;
    refineVpcUse(environment.vpc, { publicLoadBalancer, dataTier }, (path, message) =>
      ctx.addIssue({ code: 'custom', path: ['environments', e, ...path], input: undefined, message }),
    );
  });
}
