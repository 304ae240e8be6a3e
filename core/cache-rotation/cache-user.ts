/**
 * The ElastiCache side of a token rotation: the user whose password the token is (the `default` user of the cache's
 * user group, CACHE_USER_ID), its passwords, and the user groups through which its caches apply them (ElastiCache API
 * reference: DescribeUsers, ModifyUser, DescribeUserGroups). Each call names its user or user group, so the function's
 * role needs them and no others.
 */
import {
  DescribeUserGroupsCommand,
  DescribeUsersCommand,
  ModifyUserCommand,
  type ElastiCacheClient,
  type User,
} from '@aws-sdk/client-elasticache';

export type CacheClient = Pick<ElastiCacheClient, 'send'>;

/** ElastiCache's user ids (API reference: "UserId ... Pattern: [a-zA-Z][a-zA-Z0-9\-]*"). */
const USER_ID = /^[a-zA-Z][a-zA-Z0-9-]*$/;

/** The user to rotate, from the function's CACHE_USER_ID, which the environment stack sets. */
export function cacheUserId(value: string | undefined): string {
  if (value === undefined || value.trim() === '') {
    throw new Error(
      'CACHE_USER_ID is not set: not rotating; it names the ElastiCache user whose password the token is, which the environment stack sets: deploy it again',
    );
  }
  if (!USER_ID.test(value)) {
    throw new Error(
      `CACHE_USER_ID ${JSON.stringify(value)} is not an ElastiCache user id (a letter, then letters, digits and hyphens): not rotating; deploy the environment stack again, which sets it`,
    );
  }
  return value;
}

/**
 * The user as DescribeUsers shows it. One that is not there, or that does not authenticate by password (IAM, or no
 * password at all), is refused: rotation would give it a password it does not have, and its caches would then ask
 * every client for it.
 */
export async function passwordUser(client: CacheClient, userId: string, secretId: string): Promise<User> {
  let users: User[];
  try {
    users = (await client.send(new DescribeUsersCommand({ UserId: userId }))).Users ?? [];
  } catch (error) {
    if ((error as Error).name !== 'UserNotFoundFault') throw error;
    users = [];
  }
  const user = users.find((u) => u.UserId === userId);
  if (user === undefined) {
    throw new Error(
      `ElastiCache has no user ${userId} (CACHE_USER_ID): not rotating secret ${secretId}; the token is the password of the cache user group's default user, which the environment stack makes: deploy it again`,
    );
  }
  const type = user.Authentication?.Type;
  if (type !== 'password') {
    throw new Error(
      `ElastiCache user ${userId} authenticates by ${type ?? 'nothing ElastiCache names'}, not by password: not rotating secret ${secretId}, which would give it a password; rotate only a cache whose authentication is token`,
    );
  }
  if (user.Status === 'deleting') {
    throw new Error(`ElastiCache user ${userId} is being deleted: not rotating secret ${secretId}`);
  }
  return user;
}

/**
 * Makes `passwords` the user's only ones (ElastiCache keeps up to two a user: API reference, ModifyUser
 * "Passwords ... You are allowed up to two"). A refusal is said in one line; ElastiCache's messages never hold a
 * password.
 */
export async function setPasswords(
  client: CacheClient,
  userId: string,
  passwords: readonly string[],
  secretId: string,
): Promise<void> {
  try {
    await client.send(new ModifyUserCommand({ UserId: userId, Passwords: [...passwords] }));
  } catch (error) {
    const { name, message } = error as Error;
    throw new Error(
      `ElastiCache refused the new passwords of user ${userId} (${name}: ${message}): not rotating secret ${secretId}; its pending version stays pending, and Secrets Manager retries the rotation`,
    );
  }
}

export interface UserGroupStatus {
  readonly userGroupId: string;
  /** creating, active, modifying or deleting; `gone` for a group deleted since the user was read. */
  readonly status: string;
}

/** The status of each of `userGroupIds`, each read by its id. */
export async function userGroupStatuses(
  client: CacheClient,
  userGroupIds: readonly string[],
): Promise<UserGroupStatus[]> {
  return Promise.all(
    userGroupIds.map(async (userGroupId) => {
      try {
        const { UserGroups } = await client.send(new DescribeUserGroupsCommand({ UserGroupId: userGroupId }));
        const group = (UserGroups ?? []).find((g) => g.UserGroupId === userGroupId);
        return { userGroupId, status: group?.Status ?? 'gone' };
      } catch (error) {
        if ((error as Error).name !== 'UserGroupNotFoundFault') throw error;
        return { userGroupId, status: 'gone' };
      }
    }),
  );
}
