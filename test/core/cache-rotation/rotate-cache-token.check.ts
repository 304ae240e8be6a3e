import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { passwordUser } from '../../../core/cache-rotation/cache-user';
import { rotateCacheToken, type CacheRotationDependencies } from '../../../core/cache-rotation/rotate-cache-token';
import { CACHE_ROTATION_WAITS } from '../../../core/cache-rotation/wait-until';
import { CacheUsers, ElastiCacheServer } from '../../support/elasticache-server';
import { useSecretsManager } from '../secret-rotation/local-secrets-manager';
import { fakeTime, OLD_TOKEN, USER_GROUP_ID, USER_ID } from './harness';

// The cache token's rotation with the real SDK clients against local endpoints on 127.0.0.1: Secrets Manager
// (awsJson1_1, test/support/secrets-manager-server.ts) and ElastiCache (awsQuery, test/support/elasticache-server.ts),
// which keeps a changed user and its user group `modifying` for a few reads, as AWS does while it applies a change.
// What the real clients send and parse is what these prove; the clock still never waits for real.

const sm = useSecretsManager();
let elastiCache: ElastiCacheServer;
let client: ElastiCacheClient;

beforeEach(async () => {
  elastiCache = await ElastiCacheServer.start(new CacheUsers());
  elastiCache.users.addUser(USER_ID, { userGroupId: USER_GROUP_ID, passwords: [OLD_TOKEN] });
  client = new ElastiCacheClient(elastiCache.clientConfig);
});

afterEach(async () => {
  client.destroy();
  await elastiCache.stop();
});

function deps(userId = USER_ID): CacheRotationDependencies & { time: ReturnType<typeof fakeTime> } {
  const time = fakeTime();
  return { secrets: sm.client(), elasticache: client, userId, clock: time.clock, sleep: time.sleep, time };
}

async function rotateFully(secretId: string, token: string, d = deps()): Promise<string[]> {
  sm.server().startRotation(secretId, token);
  const outcomes: string[] = [];
  for (const Step of ['createSecret', 'setSecret', 'testSecret', 'finishSecret']) {
    outcomes.push((await rotateCacheToken(d, { SecretId: secretId, ClientRequestToken: token, Step })).outcome);
  }
  return outcomes;
}

const seeded = () => sm.server().seed({ name: 'shop-prod-cache-token', value: OLD_TOKEN, versionId: 'v1' });

/** The raw token labelled `stage`, read as the services read it. */
async function tokenAt(secretId: string, stage: string): Promise<string> {
  const found = await sm.client().send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
  return found.SecretString ?? '';
}

test('DescribeUsers through the real client: the user as ElastiCache documents it, numbers and lists parsed', async () => {
  await expect(passwordUser(client, USER_ID, 'arn:secret')).resolves.toMatchObject({
    UserId: USER_ID,
    UserName: 'default',
    Status: 'active',
    Engine: 'valkey',
    UserGroupIds: [USER_GROUP_ID],
    Authentication: { Type: 'password', PasswordCount: 1 },
  });
});

test('two rotations: the old token still logs in after the first, and no longer after the second', async () => {
  const secretId = seeded();
  const d = deps();

  const outcomes = await rotateFully(secretId, 'first-rotation', d);
  const first = await tokenAt(secretId, 'AWSCURRENT');
  expect(first).toMatch(/^[A-Za-z0-9]{64}$/);
  expect(elastiCache.users.accepts(USER_ID, OLD_TOKEN)).toBe(true);
  expect(elastiCache.users.accepts(USER_ID, first)).toBe(true);
  expect(outcomes.slice(1, 3)).toEqual([
    `user ${USER_ID} now takes the current and the pending token`,
    `user ${USER_ID} is active with 2 passwords, in active user group ${USER_GROUP_ID}`,
  ]);
  // testSecret read the user modifying, then its group modifying, then all active.
  const poll = CACHE_ROTATION_WAITS.applied.pollMs;
  expect(d.time.slept).toEqual([poll, poll]);

  await rotateFully(secretId, 'second-rotation', d);
  const second = await tokenAt(secretId, 'AWSCURRENT');

  expect(elastiCache.users.accepts(USER_ID, OLD_TOKEN)).toBe(false);
  expect(elastiCache.users.accepts(USER_ID, first)).toBe(true);
  expect(elastiCache.users.accepts(USER_ID, second)).toBe(true);
  expect(elastiCache.users.callsOf('ModifyUser')).toEqual([
    { UserId: USER_ID, Passwords: [OLD_TOKEN, first] },
    { UserId: USER_ID, Passwords: [first, second] },
  ]);
  expect(sm.server().stages(secretId)).toEqual({
    'first-rotation': ['AWSPREVIOUS'],
    'second-rotation': ['AWSCURRENT', 'AWSPENDING'],
  });
});

test('a user another change left modifying is waited for before ModifyUser, which ElastiCache would refuse', async () => {
  const secretId = seeded();
  elastiCache.users.setUserStatus(USER_ID, 'modifying', 2);
  const d = deps();
  sm.server().startRotation(secretId, 'rotation');
  const step = (Step: string) => rotateCacheToken(d, { SecretId: secretId, ClientRequestToken: 'rotation', Step });
  await step('createSecret');

  await step('setSecret');

  expect(elastiCache.users.calls.map((c) => c.action)).toEqual(['DescribeUsers', 'DescribeUsers', 'ModifyUser']);
  expect(d.time.slept).toEqual([5_000]);
});

test("ElastiCache's errors through the real client: a missing user is refused in one line, InvalidUserState named", async () => {
  const secretId = seeded();
  sm.server().startRotation(secretId, 'rotation');
  const step = (Step: string, d = deps()) =>
    rotateCacheToken(d, { SecretId: secretId, ClientRequestToken: 'rotation', Step });
  await step('createSecret');

  await expect(step('setSecret', deps('shop-prod-gone'))).rejects.toThrow(
    `ElastiCache has no user shop-prod-gone (CACHE_USER_ID): not rotating secret ${secretId};`,
  );
  // A change someone else starts between the read and ModifyUser.
  elastiCache.users.failing = (action) =>
    action === 'ModifyUser'
      ? { code: 'InvalidUserState', status: 400, message: 'The user is not in active state.' }
      : undefined;
  await expect(step('setSecret')).rejects.toThrow(
    `ElastiCache refused the new passwords of user ${USER_ID} (InvalidUserStateFault: The user is not in active state.): not rotating secret ${secretId};`,
  );
});

test('a user that authenticates by IAM is refused before any change', async () => {
  elastiCache.users.addUser('iam-user', { userGroupId: USER_GROUP_ID, authentication: 'iam' });
  const secretId = seeded();
  sm.server().startRotation(secretId, 'rotation');
  const d = deps('iam-user');
  const step = (Step: string) => rotateCacheToken(d, { SecretId: secretId, ClientRequestToken: 'rotation', Step });
  await step('createSecret');

  await expect(step('setSecret')).rejects.toThrow(
    `ElastiCache user iam-user authenticates by iam, not by password: not rotating secret ${secretId}`,
  );
  expect(elastiCache.users.callsOf('ModifyUser')).toEqual([]);
});
