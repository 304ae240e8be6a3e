import { checkProtectedTemplate, type TemplateJson } from '../../../core/guardrails';
import { checkProtectedCaches } from '../../../core/guardrails/protected-cache';
import { exampleConfig, fixtureConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';
import { guardrailsWith } from './fixtures';

type Resource = { Type: string; Properties: Record<string, unknown>; Condition?: string };
type Resources = Record<string, Resource>;

// GIVEN the shapes of cache-auth.ts and cache-replication-group.ts as synthesized (one cache `shop-prod`): a token
// generated into Secrets Manager (64 letters and digits) as a replication group's AuthToken, or as the password of the
// `default` user of a user group (serverless, or rotated); or IAM, the `default` user off beside an IAM user.
const resolve = (secret: string, tail = ':SecretString:::}}') => ({
  'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secret }, tail]],
});
const tokenSecret = (generator: Record<string, unknown> = { ExcludePunctuation: true, PasswordLength: 64 }) => ({
  Type: 'AWS::SecretsManager::Secret',
  Properties: { Description: 'AUTH token of the shop-prod cache', GenerateSecretString: generator },
});
const user = (properties: Record<string, unknown>): Resource => ({
  Type: 'AWS::ElastiCache::User',
  Properties: { Engine: 'valkey', ...properties },
});
const tokenUser = user({
  AccessString: 'on ~* &* +@all',
  Passwords: [resolve('Token')],
  UserId: 'shop-prod-default',
  UserName: 'default',
});
const userGroup = (userIds: unknown[], id = 'shop-prod'): Resource => ({
  Type: 'AWS::ElastiCache::UserGroup',
  Properties: { Engine: 'valkey', UserGroupId: id, UserIds: userIds },
});
const replicationGroup = (auth: Record<string, unknown>): Resource => ({
  Type: 'AWS::ElastiCache::ReplicationGroup',
  Properties: {
    ReplicationGroupId: 'shop-prod',
    TransitEncryptionEnabled: true,
    TransitEncryptionMode: 'required',
    ...auth,
  },
});
const serverless = (auth: Record<string, unknown>): Resource => ({
  Type: 'AWS::ElastiCache::ServerlessCache',
  Properties: { ServerlessCacheName: 'shop-prod', ...auth },
});
const rotation = { Type: 'AWS::SecretsManager::RotationSchedule', Properties: { SecretId: { Ref: 'Token' } } };
const iamUsers = {
  DefaultUser: user({
    AccessString: 'off -@all',
    NoPasswordRequired: true,
    UserId: 'shop-prod-default',
    UserName: 'default',
  }),
  IamUser: user({
    AccessString: 'on ~* &* +@all',
    AuthenticationMode: { Type: 'iam' },
    UserId: 'shop-prod-app',
    UserName: 'shop-prod-app',
  }),
  UserGroup: userGroup(['shop-prod-default', 'shop-prod-app']),
};
const SHAPES: Record<string, () => Resources> = {
  'an AUTH token (nodes)': () => ({ Token: tokenSecret(), Cache: replicationGroup({ AuthToken: resolve('Token') }) }),
  'a rotated token in a user group (nodes)': () => ({
    Token: tokenSecret(),
    DefaultUser: tokenUser,
    UserGroup: userGroup(['shop-prod-default']),
    Cache: replicationGroup({ UserGroupIds: ['shop-prod'] }),
    Rotation: rotation,
  }),
  'a token in a user group (serverless)': () => ({
    Token: tokenSecret(),
    DefaultUser: tokenUser,
    UserGroup: userGroup(['shop-prod-default']),
    Cache: serverless({ UserGroupId: 'shop-prod' }),
  }),
  'IAM (nodes)': () => ({ ...iamUsers, Cache: replicationGroup({ UserGroupIds: ['shop-prod'] }) }),
  'IAM (serverless)': () => ({ ...iamUsers, Cache: serverless({ UserGroupId: 'shop-prod' }) }),
};
const shape = (name: string, change: (r: Resources) => void = () => undefined): Resources => {
  const resources = structuredClone(SHAPES[name]());
  change(resources);
  return resources;
};
const judged = (resources: Resources) =>
  checkProtectedCaches(resources, 'prod').map((v) => `${v.path.replace(/[A-F0-9]{8}\b/g, '')}: ${v.found}`);
const ROTATED = 'a rotated token in a user group (nodes)';
const SERVERLESS = 'a token in a user group (serverless)';

test.each(Object.keys(SHAPES))("the tool's shape passes: %s", (name) => {
  expect(judged(shape(name))).toEqual([]);
});

test('refuses TLS that is off or only preferred, and a cache cluster', () => {
  const preferred = shape(ROTATED, (r) => (r.Cache.Properties.TransitEncryptionMode = 'preferred'));
  expect(judged(preferred)).toEqual(['prod/Cache.TransitEncryptionMode: preferred']);
  const off = shape(ROTATED, (r) => {
    delete r.Cache.Properties.TransitEncryptionEnabled;
    delete r.Cache.Properties.TransitEncryptionMode;
  });
  expect(judged(off)).toEqual([
    'prod/Cache.TransitEncryptionEnabled: undefined',
    'prod/Cache.TransitEncryptionMode: undefined',
  ]);
  const cluster = shape(ROTATED, (r) => (r.Old = { Type: 'AWS::ElastiCache::CacheCluster', Properties: {} }));
  expect(judged(cluster)).toEqual(['prod/Old: a cache cluster (AWS::ElastiCache::CacheCluster)']);
});

test("refuses a cache without authentication: no user group and no AuthToken, or a group of AWS's default user alone", () => {
  const noGroup = shape('IAM (nodes)', (r) => delete r.Cache.Properties.UserGroupIds);
  expect(judged(noGroup)).toEqual([
    "prod/Cache: no AuthToken and no user group (AWS's default user, without a password)",
  ]);
  const emptyList = shape('IAM (nodes)', (r) => (r.Cache.Properties.UserGroupIds = []));
  expect(judged(emptyList)).toEqual(judged(noGroup));
  const serverlessAlone = shape(SERVERLESS, (r) => delete r.Cache.Properties.UserGroupId);
  expect(judged(serverlessAlone)).toEqual([
    "prod/Cache.UserGroupId: no user group (AWS's default user, without a password)",
  ]);
  const open = (name: string, property: string, value: unknown) =>
    shape(name, (r) => {
      r.Open = userGroup(['default'], 'shop-open');
      r.Cache.Properties[property] = value;
    });
  const defaultAlone = "prod/Open.UserIds[0]: 'default', AWS's built-in default user (no password)";
  expect(judged(open(SERVERLESS, 'UserGroupId', 'shop-open'))).toEqual([defaultAlone]);
  expect(judged(open(ROTATED, 'UserGroupIds', [{ Ref: 'Open' }]))).toEqual([
    defaultAlone,
    'prod/DefaultUser: a user whose password rotates (Token) in no user group a cache uses',
  ]);
});

test('refuses a user that is on without a real password: literal, none required, or none at all', () => {
  const withExtra = (extra: Record<string, unknown>) =>
    shape(ROTATED, (r) => {
      r.Extra = user({ AccessString: 'on ~* +@all', UserId: 'shop-prod-extra', UserName: 'extra', ...extra });
      (r.UserGroup.Properties.UserIds as unknown[]).push({ Ref: 'Extra' });
    });
  expect(judged(withExtra({ Passwords: ['correct-horse-battery-staple-42'] }))).toEqual([
    'prod/Extra.Passwords[0]: a literal value',
  ]);
  expect(judged(withExtra({ AuthenticationMode: { Type: 'password', Passwords: ['hunter2hunter2hunter2'] } }))).toEqual(
    ['prod/Extra.AuthenticationMode.Passwords[0]: a literal value'],
  );
  expect(judged(withExtra({ NoPasswordRequired: true }))).toEqual([
    'prod/Extra.NoPasswordRequired: true, on a user that is on',
  ]);
  expect(judged(withExtra({ AuthenticationMode: { Type: 'no-password-required' } }))).toEqual([
    'prod/Extra.AuthenticationMode.Type: no-password-required',
  ]);
  expect(judged(withExtra({}))).toEqual(['prod/Extra: a user that is on without a password']);
  // ACL rules apply in order: `off … on` is on, so IAM's `default` user turned back on has no password.
  const reopened = shape('IAM (nodes)', (r) => (r.DefaultUser.Properties.AccessString = 'off -@all on +@all'));
  expect(judged(reopened)).toEqual(['prod/DefaultUser.NoPasswordRequired: true, on a user that is on']);
  // The engines read `on`/`off` in any case (attacker review, round 2).
  expect(judged(withExtra({ AccessString: 'off ~* &* +@all ON', NoPasswordRequired: true }))).toEqual([
    'prod/Extra.NoPasswordRequired: true, on a user that is on',
  ]);
});

test('refuses an access string that sets passwords of its own (nopass, resetpass, >password), in any case', () => {
  const rotatedWith = (accessString: string) =>
    shape(ROTATED, (r) => (r.DefaultUser.Properties.AccessString = accessString));
  expect(judged(rotatedWith('on ~* &* +@all nopass'))).toEqual([
    'prod/DefaultUser.AccessString: the password rules nopass',
  ]);
  expect(judged(rotatedWith('on ~* &* +@all NOPASS >known-password'))).toEqual([
    'prod/DefaultUser.AccessString: the password rules NOPASS >known-password',
  ]);
  expect(judged(rotatedWith('on ~* &* +@all'))).toEqual([]);
});

test('refuses a token or password that is not a generated secret: literal, outside the template, another key', () => {
  const token = (value: unknown) => shape('an AUTH token (nodes)', (r) => (r.Cache.Properties.AuthToken = value));
  expect(judged(token('a-literal-token-of-more-than-32-characters'))).toEqual([
    'prod/Cache.AuthToken: a literal value',
  ]);
  expect(judged(token({ 'Fn::ImportValue': 'shared-token' }))).toEqual([
    'prod/Cache.AuthToken: a value this check cannot read',
  ]);
  expect(judged(token('{{resolve:secretsmanager:shared-token}}'))).toEqual([
    'prod/Cache.AuthToken: a value this check cannot read',
  ]);
  expect(judged(token(resolve('Token', ':SecretString:password::}}')))).toEqual([
    'prod/Cache.AuthToken: a value this check cannot read',
  ]);
  expect(judged(token(resolve('Cache')))).toEqual([
    'prod/Cache.AuthToken: a reference to Cache, not a secret this template generates',
  ]);
  // Fn::Sub and the short form read the same current SecretString.
  expect(judged(token({ 'Fn::Sub': '{{resolve:secretsmanager:${Token}}}' }))).toEqual([]);
  expect(judged(token(resolve('Token', '}}')))).toEqual([]);
});

test('refuses a token secret with a literal value or a generator that can only make a weak one', () => {
  const secret = (properties: Record<string, unknown>) =>
    shape(ROTATED, (r) => (r.Token.Properties = { Description: 'AUTH token', ...properties }));
  const generator = (options: Record<string, unknown>) => secret({ GenerateSecretString: options });
  const found = (resources: Resources) => judged(resources).map((line) => line.replace(/^.*?: /, ''));
  expect(found(secret({ SecretString: 'x'.repeat(64) }))).toEqual(['secret Token with a literal SecretString']);
  expect(found(secret({}))).toEqual(['secret Token with no GenerateSecretString']);
  expect(
    found(
      generator({
        PasswordLength: 16,
        ExcludeCharacters: 'abcdefghijklmnopqrstuvwxy',
        ExcludeUppercase: true,
        ExcludeNumbers: true,
        ExcludePunctuation: true,
      }),
    ),
  ).toEqual(['secret Token generating 16 characters from a set of 1']);
  expect(found(generator({ PasswordLength: 64, ExcludePunctuation: true, ExcludeNumbers: true }))).toEqual([
    'secret Token generating 64 characters from a set of 52',
  ]);
  expect(found(generator({ PasswordLength: 31, ExcludePunctuation: true }))).toEqual([
    'secret Token generating 31 characters from a set of 62',
  ]);
  expect(
    found(
      generator({
        SecretStringTemplate: '{"username":"app"}',
        GenerateStringKey: 'password',
        ExcludePunctuation: true,
      }),
    ),
  ).toEqual(['secret Token with a SecretStringTemplate (literal values beside the generated one)']);
  expect(found(generator({ PasswordLength: { Ref: 'Length' }, ExcludePunctuation: true }))).toEqual([
    'secret Token with a GenerateSecretString this check cannot read',
  ]);
  expect(found(generator({ ExcludePunctuation: { 'Fn::If': ['C', true, false] } }))).toEqual([
    'secret Token with a GenerateSecretString this check cannot read',
  ]);
  // Secrets Manager's defaults (32 of all 94 characters), punctuation kept: pass. The rule is the class, not the tool's.
  expect(found(generator({}))).toEqual([]);
  expect(found(generator({ PasswordLength: 40, ExcludeCharacters: '"@/\\' }))).toEqual([]);
});

test('refuses a rotated user in a group no cache uses, and groups or users this check cannot read', () => {
  // The cache moves to a group of its own (a token nobody rotates); the rotated user stays behind.
  const orphaned = shape(ROTATED, (r) => {
    r.Static = tokenSecret();
    r.StaticUser = user({ ...tokenUser.Properties, Passwords: [resolve('Static')], UserId: 'shop-prod-static' });
    r.StaticGroup = userGroup([{ Ref: 'StaticUser' }], 'shop-prod-static');
    r.Cache.Properties.UserGroupIds = [{ Ref: 'StaticGroup' }];
  });
  expect(judged(orphaned)).toEqual([
    'prod/DefaultUser: a user whose password rotates (Token) in no user group a cache uses',
  ]);
  expect(judged(shape(ROTATED, (r) => (r.Cache.Properties.UserGroupIds = ['shared-group'])))).toEqual([
    "prod/Cache.UserGroupIds[0]: 'shared-group', a user group outside this template",
    'prod/DefaultUser: a user whose password rotates (Token) in no user group a cache uses',
  ]);
  const conditional = shape(SERVERLESS, (r) => (r.UserGroup.Condition = 'Never'));
  expect(judged(conditional)).toEqual(["prod/Cache.UserGroupId: 'shop-prod', a user group outside this template"]);
  const ifGroups = shape(ROTATED, (r) => (r.Cache.Properties.UserGroupIds = { 'Fn::If': ['C', ['shop-prod'], []] }));
  expect(judged(ifGroups)).toEqual([
    'prod/Cache.UserGroupIds: a value this check cannot read',
    'prod/DefaultUser: a user whose password rotates (Token) in no user group a cache uses',
  ]);
  const outsideUser = shape(SERVERLESS, (r) => (r.UserGroup.Properties.UserIds = ['shop-prod-default', 'ops-admin']));
  expect(judged(outsideUser)).toEqual(["prod/UserGroup.UserIds[1]: 'ops-admin', a user outside this template"]);
  const global = shape(ROTATED, (r) => (r.Cache.Properties.GlobalReplicationGroupId = 'ldgnf-shop'));
  expect(judged(global)).toEqual(["prod/Cache.GlobalReplicationGroupId: settings taken from 'ldgnf-shop'"]);
});

// The tool's own templates as synthesized: data-app's prod (a replication group, its rotated token in a user group) and
// staging (serverless), n-demo's prod (a replication group with an AUTH token).
const resourcesOf = (templates: ReturnType<typeof synthesized>, environment: string) =>
  (templates.environments[environment].toJSON() as TemplateJson).Resources as Resources;
const ofType = (resources: Resources, type: string) => Object.values(resources).filter((r) => r.Type === type);

test("the tool's synthesized caches pass, and Verify's template check refuses one weakened", () => {
  const dataApp = synthesized(fixtureConfig('data-app'));
  const caches = {
    'data-app prod': resourcesOf(dataApp, 'prod'),
    'data-app staging': resourcesOf(dataApp, 'staging'),
    'n-demo prod': resourcesOf(synthesized(exampleConfig('n-demo')), 'prod'),
  };
  expect(Object.values(caches).map((r) => ofType(r, 'AWS::ElastiCache::ReplicationGroup').length)).toEqual([1, 0, 1]);
  expect(ofType(caches['n-demo prod'], 'AWS::ElastiCache::ReplicationGroup')[0].Properties.AuthToken).toBeDefined();
  expect(ofType(caches['data-app staging'], 'AWS::ElastiCache::ServerlessCache')).toHaveLength(1);
  for (const resources of Object.values(caches)) expect(judged(resources)).toEqual([]);

  const preferred = structuredClone(caches['data-app prod']);
  ofType(preferred, 'AWS::ElastiCache::ReplicationGroup')[0].Properties.TransitEncryptionMode = 'preferred';
  // data-app's prod shifts its traffic all at once, which these guardrails allow so that only the cache is judged.
  const allAtOnce = guardrailsWith((g) => (g.protectedEnvironments.deployment.allowAllAtOnce = true));
  const lines = (resources: Resources) =>
    checkProtectedTemplate({ Resources: resources }, 'prod', allAtOnce).map((v) => `${v.path}: ${v.found}`);
  expect(lines(caches['data-app prod'])).toEqual([]);
  expect(lines(preferred)).toEqual([
    expect.stringMatching(/^prod\/DataCacheReplicationGroup\w+\.TransitEncryptionMode: preferred$/),
  ]);
});
