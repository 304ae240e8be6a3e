import { createSecret, setSecret, testSecret } from '../../../core/cache-rotation/rotation-steps';
import { CACHE_ROTATION_WAITS } from '../../../core/cache-rotation/wait-until';
import { CACHE_TOKEN_LENGTH } from '../../../model/lambda-contracts';
import { cacheWorld, NEXT_TOKEN, OLD_TOKEN, TOKEN, USER_GROUP_ID, USER_ID, withPending } from './harness';

// The steps of a cache token's rotation, with Secrets Manager and ElastiCache in memory and a clock that never waits
// for real. The same steps through the real clients and local endpoints: rotate-cache-token.check.ts.

describe('createSecret', () => {
  test('the pending version holds a new raw token of 64 letters and digits, labelled AWSPENDING only', async () => {
    const world = cacheWorld();

    const outcome = await createSecret(world.deps, world.event('createSecret'));

    const pending = world.sm.textAt(world.secretId, 'AWSPENDING') ?? '';
    expect(pending).toMatch(new RegExp(`^[A-Za-z0-9]{${CACHE_TOKEN_LENGTH}}$`));
    expect(pending).not.toBe(OLD_TOKEN);
    expect(world.sm.callsOf('GetRandomPassword')).toEqual([{ PasswordLength: 64, ExcludePunctuation: true }]);
    expect(world.sm.callsOf('PutSecretValue')).toEqual([
      { SecretId: world.secretId, ClientRequestToken: TOKEN, SecretString: pending, VersionStages: ['AWSPENDING'] },
    ]);
    expect(world.sm.stages(world.secretId)).toEqual({ v1: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] });
    expect(outcome).toBe(`version ${TOKEN} made with a new token of 64 letters and digits`);
    expect(world.users.calls).toEqual([]);
  });

  test('run again with the same token (a retried step), it keeps the token it made', async () => {
    const world = cacheWorld();
    await createSecret(world.deps, world.event('createSecret'));
    const first = world.sm.textAt(world.secretId, 'AWSPENDING');

    await expect(createSecret(world.deps, world.event('createSecret'))).resolves.toBe(
      `version ${TOKEN} already holds the pending token: nothing to create`,
    );
    expect(world.sm.textAt(world.secretId, 'AWSPENDING')).toBe(first);
    expect(world.sm.callsOf('GetRandomPassword')).toHaveLength(1);
  });

  test('a current version that is not a token (a JSON login with spaces) is refused without its value', async () => {
    const world = cacheWorld();
    world.sm.putCurrent(world.secretId, { username: 'default', password: 'a secret password' });

    const refused = createSecret(world.deps, world.event('createSecret'));

    await expect(refused).rejects.toThrow(
      `the AWSCURRENT version of secret ${world.secretId} is not a cache token (16 to 128 characters, no spaces, the whole value): not rotating; put the cache's AUTH token in it as plain text`,
    );
    await expect(refused).rejects.not.toThrow(/a secret password/);
    expect(world.sm.callsOf('PutSecretValue')).toEqual([]);
  });
});

describe('setSecret', () => {
  test('the user takes the current and the pending token, in that order', async () => {
    const world = await withPending(cacheWorld(), NEXT_TOKEN);

    const outcome = await setSecret(world.deps, world.event('setSecret'));

    expect(world.users.callsOf('ModifyUser')).toEqual([{ UserId: USER_ID, Passwords: [OLD_TOKEN, NEXT_TOKEN] }]);
    expect(outcome).toBe(`user ${USER_ID} now takes the current and the pending token`);
    expect(outcome).not.toContain(NEXT_TOKEN);
    expect(world.time.slept).toEqual([]);
  });

  test('a pending version that holds the current token changes nothing: the previous token stays valid', async () => {
    const world = await withPending(cacheWorld(), OLD_TOKEN);

    await expect(setSecret(world.deps, world.event('setSecret'))).resolves.toBe(
      `version ${TOKEN} holds the current token: the user keeps its passwords`,
    );
    expect(world.users.callsOf('ModifyUser')).toEqual([]);
  });

  test('a user still modifying is waited for, then changed; run again, it sets the same two passwords', async () => {
    const world = await withPending(cacheWorld({ modifyingReads: 3 }), NEXT_TOKEN);
    world.users.setUserStatus(USER_ID, 'modifying');

    await setSecret(world.deps, world.event('setSecret'));
    await setSecret(world.deps, world.event('setSecret'));

    expect(world.users.calls.map((c) => c.action)).toEqual([
      ...['DescribeUsers', 'DescribeUsers', 'DescribeUsers', 'ModifyUser'],
      ...['DescribeUsers', 'DescribeUsers', 'DescribeUsers', 'ModifyUser'],
    ]);
    expect(world.time.slept).toEqual([5_000, 5_000, 5_000, 5_000]);
    expect(world.users.callsOf('ModifyUser')[1]).toEqual({ UserId: USER_ID, Passwords: [OLD_TOKEN, NEXT_TOKEN] });
  });

  test('a user that stays modifying: one line after the wait, and no change', async () => {
    const world = await withPending(cacheWorld(), NEXT_TOKEN);
    world.users.setUserStatus(USER_ID, 'modifying', 1_000);

    await expect(setSecret(world.deps, world.event('setSecret'))).rejects.toThrow(
      `ElastiCache user ${USER_ID} is still applying an earlier change after ${CACHE_ROTATION_WAITS.userActive.timeoutMs / 1000} s (it is modifying): not setting its passwords for secret ${world.secretId} yet; Secrets Manager retries the rotation`,
    );
    expect(world.time.slept.reduce((a, b) => a + b, 0)).toBe(CACHE_ROTATION_WAITS.userActive.timeoutMs);
    expect(world.users.callsOf('ModifyUser')).toEqual([]);
  });

  test.each(['iam', 'no-password'] as const)(
    'a user that authenticates by %s is refused: rotation would give it a password',
    async (authentication) => {
      const world = await withPending(cacheWorld({ authentication }), NEXT_TOKEN);

      await expect(setSecret(world.deps, world.event('setSecret'))).rejects.toThrow(
        `ElastiCache user ${USER_ID} authenticates by ${authentication}, not by password: not rotating secret ${world.secretId}, which would give it a password; rotate only a cache whose authentication is token`,
      );
      expect(world.users.callsOf('ModifyUser')).toEqual([]);
    },
  );

  test('a user that does not exist is refused in one line naming CACHE_USER_ID', async () => {
    const world = await withPending(cacheWorld(), NEXT_TOKEN);

    await expect(setSecret({ ...world.deps, userId: 'shop-prod-gone' }, world.event('setSecret'))).rejects.toThrow(
      `ElastiCache has no user shop-prod-gone (CACHE_USER_ID): not rotating secret ${world.secretId}; the token is the password of the cache user group's default user, which the environment stack makes: deploy it again`,
    );
    expect(world.users.callsOf('ModifyUser')).toEqual([]);
  });

  test('ElastiCache refusing the change: one line with its reason, never the tokens', async () => {
    const world = await withPending(cacheWorld(), NEXT_TOKEN);
    world.users.failing = (action) =>
      action === 'ModifyUser'
        ? { code: 'InvalidParameterValue', status: 400, message: 'Invalid password.' }
        : undefined;

    const refused = setSecret(world.deps, world.event('setSecret'));

    await expect(refused).rejects.toThrow(
      `ElastiCache refused the new passwords of user ${USER_ID} (InvalidParameterValueException: Invalid password.): not rotating secret ${world.secretId}; its pending version stays pending, and Secrets Manager retries the rotation`,
    );
    await expect(refused).rejects.not.toThrow(new RegExp(`${OLD_TOKEN}|${NEXT_TOKEN}`));
  });

  test('before createSecret filled the pending version: refused, ElastiCache untouched', async () => {
    const world = cacheWorld();

    await expect(setSecret(world.deps, world.event('setSecret'))).rejects.toThrow(
      `secret ${world.secretId} has no value at version ${TOKEN} (AWSPENDING): not rotating; createSecret makes it, run the rotation again`,
    );
    expect(world.users.calls).toEqual([]);
  });
});

describe('testSecret', () => {
  test('waits until the user is active with both passwords and its user group is active', async () => {
    const world = await withPending(cacheWorld({ modifyingReads: 2 }), NEXT_TOKEN);
    await setSecret(world.deps, world.event('setSecret'));

    const outcome = await testSecret(world.deps, world.event('testSecret'));

    expect(outcome).toBe(`user ${USER_ID} is active with 2 passwords, in active user group ${USER_GROUP_ID}`);
    // Read 1: the user is modifying; read 2: active, the group still modifying; read 3: all applied.
    expect(world.users.calls.slice(2).map((c) => c.action)).toEqual([
      ...['DescribeUsers', 'DescribeUsers', 'DescribeUserGroups', 'DescribeUsers', 'DescribeUserGroups'],
    ]);
    expect(world.users.callsOf('DescribeUserGroups')).toEqual([
      { UserGroupId: USER_GROUP_ID },
      { UserGroupId: USER_GROUP_ID },
    ]);
    expect(world.time.slept).toEqual([10_000, 10_000]);
    expect(world.users.accepts(USER_ID, OLD_TOKEN) && world.users.accepts(USER_ID, NEXT_TOKEN)).toBe(true);
  });

  // Secrets Manager's test of a new or changed schedule (RotateImmediatelyOnUpdate false): testSecret alone, on a
  // pending version holding the current token, whether the user holds one token or, after a rotation, two.
  test.each([
    ['one token (before any rotation)', [OLD_TOKEN]],
    ['two tokens (after a rotation)', ['previous-token-of-the-user-0123', OLD_TOKEN]],
  ])('a schedule test on a user with %s passes at once', async (_, passwords) => {
    const world = await withPending(cacheWorld({ modifyingReads: 0 }), OLD_TOKEN);
    world.users.addUser('rotated-before', { passwords });

    await expect(testSecret({ ...world.deps, userId: 'rotated-before' }, world.event('testSecret'))).resolves.toMatch(
      /^user rotated-before is active with its passwords, in /,
    );
    expect(world.time.slept).toEqual([]);
  });

  test('setSecret never ran: it waits for the second password, then says so in one line', async () => {
    const world = await withPending(cacheWorld(), NEXT_TOKEN);

    await expect(testSecret(world.deps, world.event('testSecret'))).rejects.toThrow(
      `ElastiCache is still applying the new passwords of user ${USER_ID} after 600 s (user ${USER_ID} holds 1 password, not 2): not finishing the rotation of secret ${world.secretId} yet; Secrets Manager retries it`,
    );
    expect(world.time.slept.reduce((a, b) => a + b, 0)).toBe(CACHE_ROTATION_WAITS.applied.timeoutMs);
  });

  test('a user group still modifying at the limit: the timeout names it', async () => {
    const world = await withPending(cacheWorld({ modifyingReads: 0 }), NEXT_TOKEN);
    await setSecret(world.deps, world.event('setSecret'));
    world.users.setGroupStatus(USER_GROUP_ID, 'modifying', 1_000);

    await expect(testSecret(world.deps, world.event('testSecret'))).rejects.toThrow(
      `(user group ${USER_GROUP_ID} is modifying): not finishing the rotation`,
    );
  });

  test('a user in no user group: nothing to wait for, and the outcome says so', async () => {
    const world = await withPending(cacheWorld({ modifyingReads: 0 }), NEXT_TOKEN);
    world.users.addUser('loner', { passwords: [OLD_TOKEN] });
    const deps = { ...world.deps, userId: 'loner' };
    await setSecret(deps, world.event('setSecret'));

    await expect(testSecret(deps, world.event('testSecret'))).resolves.toBe(
      'user loner is active with 2 passwords, in no user group',
    );
  });
});
