import { templateShapeProblems } from '../../../core/handoff/template-shape';

const withResources = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  templateShapeProblems({ ...extra, Resources: resources } as never);
const handler = {
  Type: 'AWS::Lambda::Function',
  Properties: {
    Code: {
      S3Bucket: { 'Fn::Sub': 'cdk-hnb659fds-assets-${AWS::AccountId}-${AWS::Region}' },
      S3Key: `${'a'.repeat(64)}.zip`,
    },
  },
};

test("admits CDK's custom resources served by a function of the template from the bootstrap bucket, and a suite project on a curated image", () => {
  expect(
    withResources({
      Handler: handler,
      Restrict: {
        Type: 'Custom::VpcRestrictDefaultSG',
        Properties: { ServiceToken: { 'Fn::GetAtt': ['Handler', 'Arn'] } },
      },
      Suite: { Type: 'AWS::CodeBuild::Project', Properties: { Environment: { Image: 'aws/codebuild/standard:7.0' } } },
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
    "a function from another account's bucket",
    { Fn: { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Bucket: 'attacker-bucket', S3Key: 'code.zip' } } } },
    {},
    'Fn deploys code from {"S3Bucket":"attacker-bucket","S3Key":"code.zip"}, not an asset of the CDK bootstrap bucket',
  ],
  [
    'a build in an image of its own',
    {
      Build: {
        Type: 'AWS::CodeBuild::Project',
        Properties: { Environment: { Image: '111111111111.dkr.ecr.eu-west-1.amazonaws.com/x:latest' } },
      },
    },
    {},
    'Build builds in image "111111111111.dkr.ecr.eu-west-1.amazonaws.com/x:latest"',
  ],
])('refuses %s', (_case, resources, extra, problem) => {
  expect(withResources(resources, extra)).toEqual([expect.stringContaining(problem)]);
});
