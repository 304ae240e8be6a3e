import { cacheUserId, passwordUser, userGroupStatuses } from '../../../core/cache-rotation/cache-user';
import { CacheUsers } from '../../support/elasticache-server';
import { fakeElastiCache } from './fake-elasticache';

// What the rotation reads of ElastiCache, and the one environment variable that names the user; ElastiCache in memory.

describe('cacheUserId', () => {
  test('a user id as ElastiCache makes them is the user to rotate', () => {
    expect(cacheUserId('shop-prod-default')).toBe('shop-prod-default');
  });

  test.each([
    ['not set', undefined],
    ['empty', ''],
    ['blank', '  '],
  ])('CACHE_USER_ID %s: one line, not rotating', (_, value) => {
    expect(() => cacheUserId(value)).toThrow(
      'CACHE_USER_ID is not set: not rotating; it names the ElastiCache user whose password the token is, which the environment stack sets: deploy it again',
    );
  });

  test('a value that cannot be a user id is refused, naming it', () => {
    expect(() => cacheUserId('shop prod')).toThrow(
      'CACHE_USER_ID "shop prod" is not an ElastiCache user id (a letter, then letters, digits and hyphens): not rotating;',
    );
  });
});

describe('passwordUser', () => {
  test('asks for the one user by its id and returns it as ElastiCache shows it', async () => {
    const { users, client } = fakeElastiCache();
    users.addUser('shop-prod-default', { userGroupId: 'shop-prod-users', passwords: ['p'.repeat(16)] });
    users.addUser('other', {});

    const user = await passwordUser(client, 'shop-prod-default', 'arn:secret');

    expect(user).toMatchObject({
      UserId: 'shop-prod-default',
      Status: 'active',
      UserGroupIds: ['shop-prod-users'],
      Authentication: { Type: 'password', PasswordCount: 1 },
    });
    expect(users.calls).toEqual([{ action: 'DescribeUsers', input: { UserId: 'shop-prod-default' } }]);
  });

  test('a user being deleted is refused', async () => {
    const { users, client } = fakeElastiCache();
    users.addUser('shop-prod-default', {});
    users.setUserStatus('shop-prod-default', 'deleting');

    await expect(passwordUser(client, 'shop-prod-default', 'arn:secret')).rejects.toThrow(
      'ElastiCache user shop-prod-default is being deleted: not rotating secret arn:secret',
    );
  });

  test('any other ElastiCache error goes up as it is', async () => {
    const { users, client } = fakeElastiCache();
    users.failing = () => ({ code: 'AccessDenied', status: 403, message: 'not authorized to DescribeUsers' });

    await expect(passwordUser(client, 'shop-prod-default', 'arn:secret')).rejects.toThrow(
      'not authorized to DescribeUsers',
    );
  });
});

describe('userGroupStatuses', () => {
  test('reads each group by its id; one deleted since is gone', async () => {
    const users = new CacheUsers();
    users.addUser('u', { userGroupId: 'live' });
    users.setGroupStatus('live', 'modifying', 5);
    const { client } = fakeElastiCache(users);

    await expect(userGroupStatuses(client, ['live', 'deleted'])).resolves.toEqual([
      { userGroupId: 'live', status: 'modifying' },
      { userGroupId: 'deleted', status: 'gone' },
    ]);
    expect(users.callsOf('DescribeUserGroups')).toEqual([{ UserGroupId: 'live' }, { UserGroupId: 'deleted' }]);
  });
});
