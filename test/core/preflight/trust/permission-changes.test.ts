import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { permissionChanges } from '../../../../core/preflight/trust/permission-changes';
import { resource, stack } from '../harness';

const roleOf = (service: string, ...Statement: JsonObject[]): TemplateResource =>
  resource('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
    },
    Policies: [{ PolicyName: 'Inline', PolicyDocument: { Statement } }],
  });
const allow = (Action: string | string[], Resource: unknown = '*'): JsonObject =>
  ({ Effect: 'Allow', Action, Resource }) as JsonObject;
const judged = (resources: Record<string, TemplateResource>) =>
  permissionChanges(stack('app-prod-service', { account: '333333333333', resources })).map((f) => f.message);

describe('permissionChanges admits', () => {
  test("a function that reads and writes data, and CDK's restriction of the VPC's default security group", () => {
    const defaultGroup = {
      'Fn::Join': [
        '',
        ['arn:aws:ec2:eu-west-1:333333333333:security-group/', { 'Fn::GetAtt': ['Vpc', 'DefaultSecurityGroup'] }],
      ],
    };
    expect(
      judged({
        Vpc: resource('AWS::EC2::VPC', {}),
        Handler: roleOf('lambda.amazonaws.com', allow(['s3:GetObject', 's3:PutObject', 'dynamodb:PutItem'])),
        Restrict: roleOf(
          'lambda.amazonaws.com',
          allow(['ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupIngress'], [defaultGroup]),
        ),
      }),
    ).toEqual([]);
  });

  test("a state machine's log delivery, which AWS documents on * for the role only Step Functions assumes", () => {
    expect(
      judged({ Machine: roleOf('states.amazonaws.com', allow(['logs:CreateLogDelivery', 'logs:PutResourcePolicy'])) }),
    ).toEqual([]);
  });
});

describe('permissionChanges refuses a role that may change permissions at run time', () => {
  test.each<[string, JsonObject, string]>([
    ['IAM policies', allow('iam:PutRolePolicy'), 'iam:PutRolePolicy'],
    ['everything by a wildcard', allow('*'), 'iam:CreateRole'],
    ['every IAM action', allow('iam:*'), 'iam:AttachRolePolicy'],
    ['a bucket policy', allow('s3:PutBucketPolicy'), 's3:PutBucketPolicy'],
    ['a snapshot shared with another account', allow('rds:ModifyDBSnapshotAttribute'), 'rds:ModifyDBSnapshotAttribute'],
    [
      'a security group rule on any group',
      allow('ec2:AuthorizeSecurityGroupIngress'),
      'ec2:AuthorizeSecurityGroupIngress',
    ],
  ])('%s', (_case, statement, action) => {
    const [message] = judged({ Handler: roleOf('lambda.amazonaws.com', statement) });
    expect(message).toMatch(new RegExp(`^role 'Handler' may .*${action.replace('*', '\\*')}`));
    expect(message).toContain('grant it what it uses instead');
  });

  test("log delivery's permission on a role a function assumes (the exception is Step Functions')", () => {
    expect(judged({ Handler: roleOf('lambda.amazonaws.com', allow('logs:PutResourcePolicy')) })).toHaveLength(1);
  });

  test('an Allow taken away by a Deny on every resource is not held', () => {
    const denied = { Effect: 'Deny', Action: 'iam:*', Resource: '*' } as JsonObject;
    expect(judged({ Handler: roleOf('lambda.amazonaws.com', allow('iam:PutRolePolicy'), denied) })).toEqual([]);
  });
});
