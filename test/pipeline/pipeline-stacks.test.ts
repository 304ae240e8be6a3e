import type { PipelineConfig } from '../../model/config';
import { fixtureConfig } from '../support/configs';
import { synthesized } from '../support/synthesized';

/** Each top-level stack (not those inside the environments' stages): construct path, stack name, account, region. */
const placementOf = (config: PipelineConfig) =>
  Object.values(synthesized(config).stacks)
    .filter((stack) => !stack.path.includes('/'))
    .map((stack) => [stack.path, stack.stackName, stack.account, stack.region]);

test("with a protected environment and a release account: the release stack is in the release account, in the pipeline region, the delivery stack in the tools account, each one's support stack for prod's region in its own account, and each environment's access stack in its account and region", () => {
  // The all-capabilities fixture: tools account 510000000001 (eu-central-1), prod protected in eu-west-1,
  // pipeline.releaseAccount 510000000007.
  expect(placementOf(fixtureConfig('all-capabilities')).sort()).toEqual(
    [
      ['helpdesk-pipeline', 'helpdesk-pipeline', '510000000001', 'eu-central-1'],
      ['helpdesk-release', 'helpdesk-release', '510000000007', 'eu-central-1'],
      ['helpdesk-images-eu-west-1', 'helpdesk-images-eu-west-1', '510000000001', 'eu-west-1'],
      ['helpdesk-dev-access', 'helpdesk-dev-access', '510000000002', 'eu-central-1'],
      ['helpdesk-staging-access', 'helpdesk-staging-access', '510000000003', 'eu-central-1'],
      ['helpdesk-prod-access', 'helpdesk-prod-access', '510000000004', 'eu-west-1'],
      [
        'cross-region-stack-helpdesk-release:eu-west-1',
        'helpdesk-release-support-eu-west-1',
        '510000000007',
        'eu-west-1',
      ],
    ].sort(),
  );
});

test("without a protected environment: the delivery stack in the tools account and the environment's access stack", () => {
  expect(placementOf(fixtureConfig('storage-jobs')).sort()).toEqual(
    [
      ['files-pipeline', 'files-pipeline', '111111111111', 'eu-central-1'],
      ['files-staging-access', 'files-staging-access', '222222222222', 'eu-central-1'],
    ].sort(),
  );
});

test("the delivery stack deploys after the unprotected environments' access stacks, the release stack after the protected ones'", () => {
  const { stacks } = synthesized(fixtureConfig('all-capabilities'));
  expect(stacks['helpdesk-pipeline'].dependencies).toEqual(
    expect.arrayContaining(['helpdesk-dev-access', 'helpdesk-staging-access']),
  );
  expect(stacks['helpdesk-pipeline'].dependencies).not.toContain('helpdesk-prod-access');
  expect(stacks['helpdesk-release'].dependencies).toEqual(expect.arrayContaining(['helpdesk-prod-access']));
  expect(stacks['helpdesk-release'].dependencies).not.toContain('helpdesk-staging-access');
});

test('self-mutation may assume the bootstrap deploy and file-publishing roles of any account, by their bootstrap-role tag, but the protected ones and the release account', () => {
  const config = fixtureConfig('all-capabilities');
  const { pipeline } = synthesized(config);
  const grants = Object.entries(pipeline.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.includes('SelfMutation'))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as Record<string, unknown>[])
    .filter((statement) => JSON.stringify(statement.Resource).includes(':iam::*:'));
  expect(grants).toEqual([
    {
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Resource: expect.stringMatching(/^arn:aws:iam::\*:role\/cdk-hnb659fds-\*$/),
      Condition: {
        'ForAnyValue:StringEquals': { 'iam:ResourceTag/aws-cdk:bootstrap-role': ['deploy', 'file-publishing'] },
        StringNotEquals: { 'aws:ResourceAccount': ['510000000004', '510000000007'] },
      },
    },
  ]);
});
