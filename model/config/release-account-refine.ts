import type { z } from 'zod';
import { releaseField } from './release-field';

/** What the check needs of a configuration; structural so this file does not import schema.ts. */
interface ReleaseAccountShape {
  readonly pipeline: { readonly account: string; readonly releaseAccount?: string };
  readonly environments: readonly { readonly name: string; readonly account: string; readonly approval: boolean }[];
}

/**
 * A release account is the one account the protected environments trust, apart from the tools account (which every
 * commit reaches through self-mutation) and from every environment account (which a pipeline deploys into): sharing
 * one of them would let what runs there start the release pipeline's builds. So a protected environment needs one,
 * and it only means something when a release pipeline exists, i.e. when an environment is protected.
 */
export function refineReleaseAccount(config: ReleaseAccountShape, ctx: z.core.$RefinementCtx): void {
  const releaseAccount = config.pipeline.releaseAccount;
  const refuse = releaseField(
    'releaseAccount',
    releaseAccount,
    config.environments,
    ctx,
    (environment) =>
      `is required: environment '${environment}' has approval: true, and its release pipeline ` +
      'needs an account of its own, which the protected accounts trust instead of the tools account (where every ' +
      "commit's self-mutation deploys); set pipeline.releaseAccount to the 12-digit id of an account that is " +
      'neither the tools account nor an environment\'s (README, "A release account of its own")',
  );
  if (refuse === undefined) return;
  if (releaseAccount === config.pipeline.account) {
    refuse(
      "is the tools account (pipeline.account), where every commit's self-mutation deploys: the release account " +
        'must be another account',
    );
  }
  const environment = config.environments.find((e) => e.account === releaseAccount);
  if (environment) {
    refuse(
      `is the account of environment '${environment.name}': the release account must hold no environment; ` +
        'use an account of its own',
    );
  }
}
