import { templateShapeProblems } from '../../../core/handoff/template-shape';

const withResources = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  templateShapeProblems({ ...extra, Resources: resources } as never);
const handler = { Type: 'AWS::Lambda::Function', Properties: { Code: { S3Bucket: 'b', S3Key: 'k.zip' } } };

test("admits CDK's custom resources served by a function of the template, and a suite project on a curated image", () => {
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

test.each<[string, Record<string, unknown>, Record<string, unknown>, string]>([
  [
    'a template transform',
    {},
    { Transform: 'AWS::Serverless-2016-10-31' },
    'the template declares Transform "AWS::Serverless-2016-10-31"',
  ],
  [
    'an AWS::Include inside a resource',
    {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://x/y' } } },
      },
    },
    {},
    'Role uses Fn::Transform',
  ],
  [
    'a nested stack',
    { Nested: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://x' } } },
    {},
    'Nested is a nested stack',
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
    'Fn runs a container image no scan gate judged',
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
