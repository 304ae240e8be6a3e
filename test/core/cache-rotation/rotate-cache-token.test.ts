import { rotateCacheToken } from '../../../core/cache-rotation/rotate-cache-token';
import { cacheWorld, OLD_TOKEN, TOKEN, USER_ID, type CacheWorld } from './harness';

// Whole rotations through the function's entry into core, as Secrets Manager runs them after RotateSecret, with
// Secrets Manager and ElastiCache in memory: ElastiCache keeps the token a rotation replaces until the next one.

const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

async function rotateFully(world: CacheWorld, token: string): Promise<string[]> {
  if (token !== TOKEN) world.sm.startRotation(world.secretId, token);
  const outcomes: string[] = [];
  for (const Step of STEPS) {
    const result = await rotateCacheToken(world.deps, { SecretId: world.secretId, ClientRequestToken: token, Step });
    outcomes.push(result.outcome);
  }
  return outcomes;
}

test('one rotation: the new token is current, and the caches take the old one too until the next', async () => {
  const world = cacheWorld();

  const outcomes = await rotateFully(world, TOKEN);

  const next = world.sm.textAt(world.secretId, 'AWSCURRENT') ?? '';
  expect(next).toMatch(/^[A-Za-z0-9]{64}$/);
  expect(world.sm.textAt(world.secretId, 'AWSPREVIOUS')).toBe(OLD_TOKEN);
  expect(world.users.accepts(USER_ID, next)).toBe(true);
  expect(world.users.accepts(USER_ID, OLD_TOKEN)).toBe(true);
  expect(outcomes).toEqual([
    `version ${TOKEN} made with a new token of 64 letters and digits`,
    `user ${USER_ID} now takes the current and the pending token`,
    `user ${USER_ID} is active with 2 passwords, in active user group shop-prod-users`,
    `version ${TOKEN} is now AWSCURRENT`,
  ]);
  expect(outcomes.join('\n')).not.toContain(next);
});

test('the next rotation drops the token the first one replaced, and keeps the one it replaces', async () => {
  const world = cacheWorld();
  await rotateFully(world, TOKEN);
  const first = world.sm.textAt(world.secretId, 'AWSCURRENT') ?? '';

  await rotateFully(world, 'second-rotation');

  const second = world.sm.textAt(world.secretId, 'AWSCURRENT') ?? '';
  expect(second).not.toBe(first);
  expect(world.users.accepts(USER_ID, OLD_TOKEN)).toBe(false);
  expect(world.users.accepts(USER_ID, first)).toBe(true);
  expect(world.users.accepts(USER_ID, second)).toBe(true);
  expect(world.users.callsOf('ModifyUser').map((c) => c.Passwords)).toEqual([
    [OLD_TOKEN, first],
    [first, second],
  ]);
});

test.each(STEPS)('%s of a version already AWSCURRENT touches neither secret nor cache', async (Step) => {
  const world = cacheWorld();

  const result = await rotateCacheToken(world.deps, { SecretId: world.secretId, ClientRequestToken: 'v1', Step });

  expect(result.outcome).toBe('version v1 is already AWSCURRENT: nothing to do');
  expect(world.sm.calls.map((c) => c.operation)).toEqual(['DescribeSecret']);
  expect(world.users.calls).toEqual([]);
});
