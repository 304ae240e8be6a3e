import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject, JsonValue } from '../../../../core/preflight/json-value';
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
    ["an existing rule's source rewritten", allow('ec2:ModifySecurityGroupRules'), 'ec2:ModifySecurityGroupRules'],
    ["a cache's snapshot exported to a bucket", allow('elasticache:CopySnapshot'), 'elasticache:CopySnapshot'],
    [
      "a cache restored from the cache's snapshot",
      allow('elasticache:CreateReplicationGroup'),
      'elasticache:CreateReplicationGroup',
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

/**
 * A cache's token rotated as the tool's constructs write it (pipeline/environment/data/cache-rotation.ts): the
 * function's role may change the passwords of the user whose password the rotated secret is, and nothing else of
 * ElastiCache's access. `statements` are the role's ElastiCache grants.
 */
const USER_ARN = 'arn:aws:elasticache:eu-west-1:333333333333:user:app-prod-default';
const rotatedCache = (statements: JsonObject[], more: Record<string, TemplateResource> = {}) => ({
  Token: resource('AWS::SecretsManager::Secret', { GenerateSecretString: { PasswordLength: 64 } }),
  DefaultUser: resource('AWS::ElastiCache::User', {
    UserId: 'app-prod-default',
    UserName: 'default',
    Engine: 'valkey',
    Passwords: [{ 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Token' }, ':SecretString:::}}']] }],
  }),
  RotationRole: roleOf(
    'lambda.amazonaws.com',
    allow(['secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue'], { Ref: 'Token' }),
    ...statements,
  ),
  Rotation: resource('AWS::Lambda::Function', {
    FunctionName: 'app-prod-cache-rotation',
    Role: { 'Fn::GetAtt': ['RotationRole', 'Arn'] },
  }),
  Schedule: resource('AWS::SecretsManager::RotationSchedule', {
    SecretId: { Ref: 'Token' },
    RotationLambdaARN: { 'Fn::GetAtt': ['Rotation', 'Arn'] },
  }),
  ...more,
});
const TOOL_GRANTS = [
  allow(['elasticache:ModifyUser', 'elasticache:DescribeUsers'], USER_ARN),
  allow('elasticache:DescribeUserGroups', 'arn:aws:elasticache:eu-west-1:333333333333:usergroup:app-prod'),
];

describe('ElastiCache access changes', () => {
  test("admits the cache rotation function's role changing the one user whose password its schedule rotates", () => {
    expect(judged(rotatedCache(TOOL_GRANTS))).toEqual([]);
    // The user's ARN put together from the stack's pseudo parameters.
    const joined = {
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':elasticache:',
          { Ref: 'AWS::Region' },
          ':',
          { Ref: 'AWS::AccountId' },
          ':user:app-prod-default',
        ],
      ],
    };
    expect(judged(rotatedCache([allow('elasticache:ModifyUser', [joined])]))).toEqual([]);
  });

  const refused = (resources: Record<string, TemplateResource>, role = 'RotationRole') => {
    const messages = judged(resources);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(new RegExp(`^role '${role}' may `));
    expect(messages[0]).toContain(
      "(only a rotation function's role may change an ElastiCache user, by elasticache:ModifyUser on the users whose " +
        'passwords are exactly the secrets its schedules rotate)',
    );
    return messages[0].slice(0, messages[0].indexOf(': code that runs as it'));
  };

  test.each<[string, JsonObject, string]>([
    [
      'a user of its own',
      allow('elasticache:CreateUser', 'arn:aws:elasticache:eu-west-1:333333333333:user:*'),
      'elasticache:CreateUser',
    ],
    ['the user group', allow('elasticache:ModifyUserGroup'), 'elasticache:ModifyUserGroup'],
    [
      'the replication group (AuthToken, user groups, security groups)',
      allow('elasticache:ModifyReplicationGroup'),
      'elasticache:ModifyReplicationGroup',
    ],
    ['the serverless cache', allow('elasticache:ModifyServerlessCache'), 'elasticache:ModifyServerlessCache'],
    ['the cluster', allow('elasticache:ModifyCacheCluster'), 'elasticache:ModifyCacheCluster'],
    [
      'a cache security group',
      allow('elasticache:AuthorizeCacheSecurityGroupIngress'),
      'elasticache:AuthorizeCacheSecurityGroupIngress',
    ],
  ])('refuses a task role that may change who connects to a cache: %s', (_what, statement, action) => {
    expect(refused({ Task: roleOf('ecs-tasks.amazonaws.com', statement) }, 'Task')).toBe(`role 'Task' may ${action}`);
  });

  test('refuses a task role changing the rotated user, even on exactly its ARN: it is no rotation function', () => {
    expect(
      refused(rotatedCache(TOOL_GRANTS, { Task: roleOf('ecs-tasks.amazonaws.com', TOOL_GRANTS[0]) }), 'Task'),
    ).toBe("role 'Task' may elasticache:ModifyUser");
  });

  test.each<[string, JsonObject, string]>([
    [
      'every ElastiCache action on the user',
      allow('elasticache:*', USER_ARN),
      // Its own ModifyUser on the user is what the tool grants; the rest is not.
      'elasticache:CreateUser, elasticache:DeleteUser, elasticache:CreateUserGroup, ' +
        'elasticache:ModifyUserGroup, elasticache:DeleteUserGroup, elasticache:ModifyReplicationGroup, ' +
        'elasticache:ModifyServerlessCache, elasticache:ModifyCacheCluster, elasticache:AuthorizeCacheSecurityGroupIngress, ' +
        'elasticache:CreateReplicationGroup, elasticache:CreateServerlessCache, elasticache:CreateCacheCluster, ' +
        'elasticache:CopySnapshot, elasticache:CopyServerlessCacheSnapshot, elasticache:ExportServerlessCacheSnapshot, ' +
        'elasticache:CreateGlobalReplicationGroup, elasticache:ModifyGlobalReplicationGroup',
    ],
    [
      'every Modify action on the user',
      allow('elasticache:Modify*', USER_ARN),
      'elasticache:ModifyUserGroup, elasticache:ModifyReplicationGroup, elasticache:ModifyServerlessCache, ' +
        'elasticache:ModifyCacheCluster, elasticache:ModifyGlobalReplicationGroup',
    ],
    [
      'every user',
      allow('elasticache:ModifyUser', 'arn:aws:elasticache:eu-west-1:333333333333:user:*'),
      'elasticache:ModifyUser',
    ],
    ['any resource', allow('elasticache:ModifyUser'), 'elasticache:ModifyUser'],
    [
      'another user as well',
      allow('elasticache:ModifyUser', [USER_ARN, 'arn:aws:elasticache:eu-west-1:333333333333:user:app-prod-admin']),
      'elasticache:ModifyUser',
    ],
    [
      "another account's user of that id",
      allow('elasticache:ModifyUser', 'arn:aws:elasticache:eu-west-1:999999999999:user:app-prod-default'),
      'elasticache:ModifyUser',
    ],
    [
      "another region's user of that id",
      allow('elasticache:ModifyUser', 'arn:aws:elasticache:us-east-1:333333333333:user:app-prod-default'),
      'elasticache:ModifyUser',
    ],
  ])("refuses the rotation function's role changing %s", (_what, statement, actions) => {
    expect(refused(rotatedCache([statement]))).toBe(`role 'RotationRole' may ${actions}`);
  });

  test.each<[string, (resources: Record<string, TemplateResource>) => void]>([
    ['without a schedule', (r) => delete r.Schedule],
    [
      'whose schedule rotates another secret than the user password',
      (r) => {
        r.Other = resource('AWS::SecretsManager::Secret', {});
        r.Schedule.Properties.SecretId = { Ref: 'Other' };
      },
    ],
    [
      'whose user has a password the commit wrote besides the rotated one',
      (r) => (r.DefaultUser.Properties.Passwords as JsonValue[]).push('a-password-of-16+'),
    ],
    [
      'whose role ECS may assume too',
      (r) =>
        (r.RotationRole.Properties.AssumeRolePolicyDocument = {
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: ['lambda.amazonaws.com', 'ecs-tasks.amazonaws.com'] },
              Action: 'sts:AssumeRole',
            },
          ],
        }),
    ],
    [
      'whose role an AWS principal (a task role of the stack) may assume besides Lambda',
      (r) =>
        (r.RotationRole.Properties.AssumeRolePolicyDocument = {
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
            { Effect: 'Allow', Principal: { AWS: { 'Fn::GetAtt': ['TaskRole', 'Arn'] } }, Action: 'sts:AssumeRole' },
          ],
        }),
    ],
  ])('refuses the role of a function changing the user %s', (_what, change) => {
    const resources = structuredClone(rotatedCache(TOOL_GRANTS));
    change(resources);
    expect(refused(resources)).toBe("role 'RotationRole' may elasticache:ModifyUser");
  });
});
