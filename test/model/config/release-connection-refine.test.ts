import { releaseConnectionOf } from '../../../model/release-split';
import { configProblems, shippedConfig, yamlWith } from '../../support/configs';

// GIVEN the shipped configuration: prod with approval: true, released from 666666666666 in eu-west-1, whose connection
// is arn:aws:codeconnections:eu-west-1:666666666666:connection/….

const withConnection = (arn: string | undefined) =>
  yamlWith((raw) => {
    (raw.pipeline as Record<string, unknown>).releaseConnectionArn = arn;
  });
const CONNECTION = (region: string, account: string) =>
  `arn:aws:codeconnections:${region}:${account}:connection/11111111-2222-3333-4444-555555555555`;

test("the release pipeline uses the release account's connection", () => {
  expect(releaseConnectionOf(shippedConfig())).toMatch(/^arn:aws:codeconnections:eu-west-1:666666666666:connection\//);
});

test('refuses a protected environment without a release connection, naming the repository, account and region', () => {
  expect(configProblems(withConnection(undefined))).toEqual([
    "pipeline.releaseConnectionArn: is required: environment 'prod' has approval: true, and its release pipeline " +
      'reads the commit it shows the approver from my-org/ecs-bluegreen-pipeline itself; create a connection in the ' +
      'release account (666666666666) and region eu-west-1, complete it in the console, and set its ARN here ' +
      '(README, "The approval binds to one commit")',
  ]);
});

test("refuses the tools account's connection: CodePipeline uses only its own account's", () => {
  expect(configProblems(withConnection(CONNECTION('eu-west-1', '111111111111')))).toEqual([
    'pipeline.releaseConnectionArn: is a connection of account 111111111111, not of the release account ' +
      "(666666666666): CodePipeline uses only its own account's connections; create one in the release account " +
      `(got "${CONNECTION('eu-west-1', '111111111111').slice(0, 56)}...)`,
  ]);
});

test("refuses a connection of another region than the pipeline's", () => {
  expect(configProblems(withConnection(CONNECTION('us-east-1', '666666666666')))).toEqual([
    "pipeline.releaseConnectionArn: is a connection of region us-east-1, not of the pipeline's (eu-west-1): " +
      "CodePipeline uses only its own region's connections; create one there " +
      `(got "${CONNECTION('us-east-1', '666666666666').slice(0, 56)}...)`,
  ]);
});

test('refuses a release connection when no environment is protected', () => {
  const yaml = yamlWith((raw) => {
    delete (raw.pipeline as Record<string, unknown>).releaseAccount;
    for (const environment of raw.environments as Record<string, unknown>[]) delete environment.approval;
  });
  expect(configProblems(yaml)).toEqual([
    expect.stringMatching(
      /^pipeline\.releaseConnectionArn: is only used by the release pipeline of the protected environments, and no environment has approval: true; set approval: true on the environments to protect, or remove pipeline\.releaseConnectionArn \(got /,
    ),
  ]);
});

test('refuses what is not a connection ARN, saying the form', () => {
  expect(configProblems(withConnection('arn:aws:iam::666666666666:role/x'))).toEqual([
    'pipeline.releaseConnectionArn: must be a CodeConnections connection ARN ' +
      '(arn:aws:codeconnections:REGION:ACCOUNT:connection/ID) (got "arn:aws:iam::666666666666:role/x")',
  ]);
});
