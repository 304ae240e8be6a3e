import { templateShapeProblems } from '../../../core/handoff/template-shape';

const ACCOUNT = '333333333333';
const BUCKET = `cdk-hnb659fds-assets-${ACCOUNT}-eu-west-1`;
const KEY = `${'a'.repeat(64)}.zip`;
/** A prod stack whose assembly publishes the handler's code, as CDK writes it. */
const prod = { account: ACCOUNT, region: 'eu-west-1', publishedObjects: new Set([`${BUCKET}/${KEY}`]) };
const withResources = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  templateShapeProblems({ ...extra, Resources: resources } as never, prod);
const codeIn = (S3Bucket: unknown, S3Key = KEY) => ({
  Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Bucket, S3Key } } },
});
const handler = {
  Type: 'AWS::Lambda::Function',
  Properties: {
    Code: {
      S3Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' },
      S3Key: KEY,
    },
  },
};

test("admits CDK's custom resources served by a function of the template from the bootstrap bucket, and a suite project on a curated image", () => {
  expect(
    withResources({
      Handler: handler,
      Literal: codeIn(BUCKET).Fn,
      Restrict: {
        Type: 'Custom::VpcRestrictDefaultSG',
        Properties: { ServiceToken: { 'Fn::GetAtt': ['Handler', 'Arn'] } },
      },
      Suite: {
        Type: 'AWS::CodeBuild::Project',
        Properties: { Environment: { Image: 'aws/codebuild/standard:7.0' }, Source: { Type: 'CODEPIPELINE' } },
      },
    }),
  ).toEqual([]);
});

const include = { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://x/y' } } };

test.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
  [
    'a template transform',
    {},
    { Transform: 'AWS::Serverless-2016-10-31' },
    'the template declares Transform "AWS::Serverless-2016-10-31"',
  ],
  [
    'an AWS::Include inside a resource',
    { Role: { Type: 'AWS::IAM::Role', Properties: include } },
    {},
    'the template uses Fn::Transform',
  ],
  [
    'an AWS::Include beside a Type',
    { Role: { Type: 'AWS::IAM::Role', ...include } },
    {},
    'the template uses Fn::Transform',
  ],
  ['an AWS::Include in the outputs', {}, { Outputs: include }, 'the template uses Fn::Transform'],
  ['a section CloudFormation does not define', {}, { Hooks: {} }, 'the template has sections Hooks'],
  [
    "a parameter (a value decided at deploy), beside CDK's BootstrapVersion",
    {},
    { Parameters: { BootstrapVersion: { Type: 'String' }, Target: { Type: 'String' } } },
    'the template has the parameters Target, whose values are decided at deploy',
  ],
  [
    'conditions (a resource read as created that never is)',
    {},
    { Conditions: { Legacy: { 'Fn::Equals': ['a', 'b'] } } },
    'the template has sections Conditions',
  ],
  [
    'a resource created on a condition',
    { Shadow: { Type: 'AWS::ElastiCache::User', Condition: 'Legacy', Properties: {} } },
    {},
    'Shadow is created only on the condition "Legacy"',
  ],
  [
    'a nested stack',
    { Nested: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://x' } } },
    {},
    'Nested is a nested stack',
  ],
  [
    'a stack set',
    { Set: { Type: 'AWS::CloudFormation::StackSet', Properties: { TemplateURL: 'https://x' } } },
    {},
    'Set is a stack set',
  ],
  [
    'an activated third-party extension',
    { Act: { Type: 'AWS::CloudFormation::TypeActivation', Properties: {} } },
    {},
    'Act is an extension',
  ],
  [
    'a third-party resource type',
    { Thing: { Type: 'Evil::Res::Thing', Properties: {} } },
    {},
    'Thing has type "Evil::Res::Thing"',
  ],
  [
    'a custom resource served by a function elsewhere',
    {
      Evil: { Type: 'Custom::Thing', Properties: { ServiceToken: 'arn:aws:lambda:eu-west-1:111111111111:function:x' } },
    },
    {},
    'Evil is a custom resource served by "arn:aws:lambda:eu-west-1:111111111111:function:x"',
  ],
  [
    'a function from a container image',
    {
      Fn: {
        Type: 'AWS::Lambda::Function',
        Properties: { Code: { ImageUri: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/x:latest' } },
      },
    },
    {},
    'Fn deploys code from',
  ],
  [
    'a function from a bucket of its own',
    codeIn('attacker-bucket', 'code.zip'),
    {},
    `Fn deploys code from {"S3Bucket":"attacker-bucket","S3Key":"code.zip"}, not an asset this candidate publishes to the bootstrap bucket ${BUCKET}`,
  ],
  [
    "a function from a bucket named like the environment's bootstrap bucket, with another qualifier",
    codeIn(`cdk-x1-assets-${ACCOUNT}-eu-west-1`),
    {},
    'Fn deploys code from',
  ],
  [
    "a function from another account's bootstrap bucket (bucket names are global; its owner writes it)",
    codeIn('cdk-hnb659fds-assets-540000000001-eu-west-1'),
    {},
    'Fn deploys code from',
  ],
  [
    "an object of the bootstrap bucket that the candidate's assembly does not publish",
    codeIn(BUCKET, `${'b'.repeat(64)}.zip`),
    {},
    'Fn deploys code from',
  ],
  [
    'a layer version from elsewhere',
    { Layer: { Type: 'AWS::Lambda::LayerVersion', Properties: { Content: { S3Bucket: 'x', S3Key: KEY } } } },
    {},
    'Layer deploys code from',
  ],
  [
    'a function running a layer of another account',
    {
      Fn: {
        ...handler,
        Properties: { ...handler.Properties, Layers: ['arn:aws:lambda:eu-west-1:540000000001:layer:ops:7'] },
      },
    },
    {},
    'Fn runs the layers ["arn:aws:lambda:eu-west-1:540000000001:layer:ops:7"], not layer versions of this template',
  ],
  [
    'a container with environment files',
    {
      Task: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          ContainerDefinitions: [
            { Name: 'web', EnvironmentFiles: [{ Type: 's3', Value: 'arn:aws:s3:::ops/prod.env' }] },
          ],
        },
      },
    },
    {},
    'Task gives a container environment files, which ECS reads from S3 each time a task starts',
  ],
  [
    'a build in an image of its own',
    {
      Build: {
        Type: 'AWS::CodeBuild::Project',
        Properties: {
          Environment: { Image: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/x:latest' },
          Source: { Type: 'NO_SOURCE' },
        },
      },
    },
    {},
    'Build builds in image "111111111111.dkr.ecr.eu-west-1.amazonaws.com/x:latest"',
  ],
])('refuses %s', (_case, resources, extra, problem) => {
  expect(withResources(resources, extra)).toEqual([expect.stringContaining(problem)]);
});
