import { z } from 'zod';
import { ACCOUNT, awsRegion, connectionArn } from './common-fields';

/** The `pipeline:` block: the tools account and region where the pipeline runs, and how runs share it. */

export const pipelineSchema = z.strictObject({
  account: z
    .string()
    .regex(ACCOUNT, 'must be a 12-digit AWS account id (quote it in YAML)')
    .describe('The tools account the pipeline runs in'),
  region: awsRegion('eu-west-1').describe('The region the pipeline runs in'),
  releaseAccount: z
    .string()
    .regex(ACCOUNT, 'must be a 12-digit AWS account id (quote it in YAML)')
    .optional()
    .describe(
      'The account the release pipeline of the protected environments (approval: true) runs in, apart from the ' +
        'tools account, so that nothing a commit creates there can start its builds or approve; the protected ' +
        'accounts trust only this account. Required when an environment has approval: true',
    ),
  releaseConnectionArn: connectionArn()
    .optional()
    .describe(
      "A CodeConnections connection of the release account, in the pipeline's region, to the same repository: the " +
        'release pipeline fetches the commit a candidate names through it and synthesizes it again, so the approval ' +
        'shows a commit the pipeline read itself and the candidate is what that commit synthesizes. Required when an ' +
        'environment has approval: true',
    ),
  executionMode: z
    // PARALLEL is CodePipeline's third mode, and refused: runs would not wait for each other, so an older commit's
    // self-mutation could put back its older pipeline, two runs would update the same stacks (CloudFormation refuses
    // the second while the first is in progress) and start deployments of the same deployment group (CodeDeploy
    // allows one at a time: DeploymentLimitExceededException).
    .enum(['QUEUED', 'SUPERSEDED'])
    .default('SUPERSEDED')
    .describe(
      'How runs share the pipeline. SUPERSEDED: with many merges a day the newest commit overtakes older ones ' +
        'waiting for a stage, so prod gets the latest tested commit instead of a queue of stale ones ' +
        '(default SUPERSEDED)',
    ),
  imageRetentionDays: z
    .int()
    .min(30)
    .max(3650)
    .default(365)
    .describe(
      'Days an image is kept after its push; an environment that deploys nothing for longer may lose the image ' +
        'it runs (images expire by age only, never by count) (default 365)',
    ),
});
