import type { z } from 'zod';
import { ACCOUNT } from './common-fields';
import { releaseField } from './release-field';

/** What the check needs of a configuration; structural so this file does not import schema.ts. */
interface ReleaseConnectionShape {
  readonly pipeline: {
    readonly region: string;
    readonly releaseAccount?: string;
    readonly releaseConnectionArn?: string;
  };
  readonly source: { readonly repository: string };
  readonly environments: readonly { readonly name: string; readonly approval: boolean }[];
}

/**
 * The release pipeline fetches the commit a candidate names through a connection of its own account (README, "The
 * approval binds to one commit"): CodePipeline uses only connections of the pipeline's account and region, and the
 * tools account's connection is the commit's to use. So a protected environment needs one, in the release account and
 * the pipeline's region; without a protected environment there is no release pipeline to use it.
 */
export function refineReleaseConnection(config: ReleaseConnectionShape, ctx: z.core.$RefinementCtx): void {
  const connection = config.pipeline.releaseConnectionArn;
  const refuse = releaseField(
    'releaseConnectionArn',
    connection,
    config.environments,
    ctx,
    (environment) =>
      `is required: environment '${environment}' has approval: true, and its release pipeline reads ` +
      `the commit it shows the approver from ${config.source.repository} itself; create a connection in the ` +
      `release account (${config.pipeline.releaseAccount ?? 'pipeline.releaseAccount'}) and region ` +
      `${config.pipeline.region}, complete it in the console, and set its ARN here (README, "The approval binds ` +
      'to one commit")',
  );
  if (refuse === undefined || connection === undefined) return;
  // arn:<partition>:<service>:<region>:<account>:connection/<id>; anything else has the format's own error.
  const [, , service, region, account] = connection.split(':');
  if (service !== 'codeconnections' && service !== 'codestar-connections') return;
  // A release account that is not an account id has its own error.
  const releaseAccount = config.pipeline.releaseAccount;
  if (releaseAccount !== undefined && ACCOUNT.test(releaseAccount) && account !== releaseAccount) {
    refuse(
      `is a connection of account ${account}, not of the release account (${releaseAccount}): ` +
        "CodePipeline uses only its own account's connections; create one in the release account",
    );
  }
  if (region !== config.pipeline.region) {
    refuse(
      `is a connection of region ${region}, not of the pipeline's (${config.pipeline.region}): CodePipeline uses ` +
        "only its own region's connections; create one there",
    );
  }
}
