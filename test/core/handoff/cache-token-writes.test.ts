import { cacheTokenWriteProblems } from '../../../core/handoff/cache-token-writes';

// A cache whose token is the default user's password, the rotation function's role, and a task role.
const token = { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: 'Token' }, ':SecretString:::}}']] };
const policy = (role: string, Action: string, Resource: unknown) => ({
  Type: 'AWS::IAM::Policy',
  Properties: { Roles: [{ Ref: role }], PolicyDocument: { Statement: [{ Effect: 'Allow', Action, Resource }] } },
});
const template = (more: Record<string, unknown> = {}) =>
  ({
    Token: { Type: 'AWS::SecretsManager::Secret', Properties: { GenerateSecretString: { PasswordLength: 64 } } },
    Other: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
    DefaultUser: { Type: 'AWS::ElastiCache::User', Properties: { UserId: 'shop-prod-default', Passwords: [token] } },
    RotationRole: { Type: 'AWS::IAM::Role', Properties: {} },
    TaskRole: { Type: 'AWS::IAM::Role', Properties: {} },
    RotationPolicy: policy('RotationRole', 'secretsmanager:PutSecretValue', { Ref: 'Token' }),
    ...more,
  }) as never;
const ROTATION_ROLES = new Set(['RotationRole']);

test("admits the rotation function's role writing the token, and anyone writing another secret", () => {
  expect(
    cacheTokenWriteProblems(
      template({ TaskPolicy: policy('TaskRole', 'secretsmanager:PutSecretValue', { Ref: 'Other' }) }),
      ROTATION_ROLES,
    ),
  ).toEqual([]);
});

test.each([
  [
    'puts a version of the token (the next password)',
    'secretsmanager:PutSecretValue',
    { Ref: 'Token' },
    'the cache token (Token)',
  ],
  ['rotates it out of schedule', 'secretsmanager:RotateSecret', { Ref: 'Token' }, 'the cache token (Token)'],
  ['moves its labels, on every secret', 'secretsmanager:UpdateSecretVersionStage', '*', 'any secret (*)'],
])('refuses a task role that %s', (_what, action, resource, what) => {
  expect(
    cacheTokenWriteProblems(template({ TaskPolicy: policy('TaskRole', action, resource) }), ROTATION_ROLES),
  ).toEqual([
    `TaskPolicy lets TaskRole ${action} on ${what}: whoever writes its versions or starts its rotation chooses the ` +
      "cache's password or cuts off the tasks holding it; in a protected environment only the tool's cache rotation " +
      'function does',
  ]);
});

test('refuses the rotation role when Verify did not admit its function (no verified cache rotation function)', () => {
  expect(cacheTokenWriteProblems(template(), new Set())).toEqual([
    expect.stringMatching(/^RotationPolicy lets RotationRole secretsmanager:PutSecretValue on the cache token/),
  ]);
});
