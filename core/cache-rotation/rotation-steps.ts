/**
 * createSecret, setSecret and testSecret of a cache token; finishSecret is every rotation's
 * (core/secret-rotation/rotation-step.ts). Each is safe to run again: Secrets Manager retries a failed step with the
 * same token, and a retried setSecret sets the same two passwords again.
 */
import type { User } from '@aws-sdk/client-elasticache';
import { CACHE_TOKEN_LENGTH } from '../../model/lambda-contracts';
import type { RotationEvent } from '../secret-rotation/rotation-event';
import { CURRENT, PENDING, putPendingValue, secretValue } from '../secret-rotation/secret-versions';
import { passwordUser, setPasswords, userGroupStatuses } from './cache-user';
import type { CacheRotationDependencies } from './rotate-cache-token';
import { newToken, readToken } from './token-versions';
import { CACHE_ROTATION_WAITS, waitUntil, type Look } from './wait-until';

/** The pending version: a new token, the raw string as every version holds it. */
export async function createSecret(deps: CacheRotationDependencies, event: RotationEvent): Promise<string> {
  await readToken(deps.secrets, event.secretId, CURRENT);
  if ((await secretValue(deps.secrets, event.secretId, PENDING, event.token)) !== undefined) {
    return `version ${event.token} already holds the pending token: nothing to create`;
  }
  await putPendingValue(deps.secrets, event, await newToken(deps.secrets));
  return `version ${event.token} made with a new token of ${CACHE_TOKEN_LENGTH} letters and digits`;
}

/**
 * The user takes the current and the pending token as its two passwords, once a change ElastiCache is still applying
 * (this step's own, retried) is done: ElastiCache refuses to change a user that is `modifying`.
 */
export async function setSecret(deps: CacheRotationDependencies, event: RotationEvent): Promise<string> {
  const { current, pending } = await tokens(deps, event);
  // Not a rotation's version (createSecret makes a new token): giving the user only this one would drop the previous
  // token that tasks started before the last rotation still hold.
  if (current === pending) return `version ${event.token} holds the current token: the user keeps its passwords`;
  const limit = (deps.waits ?? CACHE_ROTATION_WAITS).userActive;
  const active = await waitUntil(deps, limit, async (): Promise<Look<User>> => {
    const user = await passwordUser(deps.elasticache, deps.userId, event.secretId);
    return user.Status === 'active' ? { done: user } : { waiting: `it is ${user.Status ?? 'without a status'}` };
  });
  if ('timedOut' in active) {
    throw new Error(
      `ElastiCache user ${deps.userId} is still applying an earlier change after ${seconds(limit)} (${active.timedOut}): not setting its passwords for secret ${event.secretId} yet; Secrets Manager retries the rotation`,
    );
  }
  await setPasswords(deps.elasticache, deps.userId, [current, pending], event.secretId);
  return `user ${deps.userId} now takes the current and the pending token`;
}

/**
 * ElastiCache has applied setSecret's passwords to the caches: the user is active and holds them, and every user group
 * it is in is active. The function cannot log in to a cache (it runs outside the VPC), so this is what it can see.
 *
 * When Secrets Manager creates or changes a schedule without rotating (RotateImmediatelyOnUpdate false), it runs this
 * step alone on a pending version that holds the current token (RotateSecret, "RotateImmediately"): then the user,
 * which holds one token or, after a rotation, two, needs only be active with a password.
 */
export async function testSecret(deps: CacheRotationDependencies, event: RotationEvent): Promise<string> {
  const { current, pending } = await tokens(deps, event);
  const expected = current === pending ? 'at least one' : 2;
  const limit = (deps.waits ?? CACHE_ROTATION_WAITS).applied;
  const applied = await waitUntil(deps, limit, () => passwordsApplied(deps, event.secretId, expected));
  if ('timedOut' in applied) {
    throw new Error(
      `ElastiCache is still applying the new passwords of user ${deps.userId} after ${seconds(limit)} (${applied.timedOut}): not finishing the rotation of secret ${event.secretId} yet; Secrets Manager retries it`,
    );
  }
  const groups = applied.done;
  return `user ${deps.userId} is active with ${expected === 2 ? '2 passwords' : 'its passwords'}, ${groups.length === 0 ? 'in no user group' : `in active user group${groups.length === 1 ? '' : 's'} ${groups.join(', ')}`}`;
}

/** One read: done with the user's active groups, or what is still being applied. */
async function passwordsApplied(
  deps: CacheRotationDependencies,
  secretId: string,
  expected: 2 | 'at least one',
): Promise<Look<string[]>> {
  const user = await passwordUser(deps.elasticache, deps.userId, secretId);
  if (user.Status !== 'active') return { waiting: `user ${deps.userId} is ${user.Status ?? 'without a status'}` };
  const count = user.Authentication?.PasswordCount ?? 0;
  if (expected === 2 ? count !== 2 : count < 1) {
    return { waiting: `user ${deps.userId} holds ${count} password${count === 1 ? '' : 's'}, not ${expected}` };
  }
  const groups = await userGroupStatuses(deps.elasticache, user.UserGroupIds ?? []);
  // A group deleted since the user was read has no cache left to apply the passwords to.
  const busy = groups.filter((g) => g.status !== 'active' && g.status !== 'gone');
  if (busy.length > 0) return { waiting: busy.map((g) => `user group ${g.userGroupId} is ${g.status}`).join(', ') };
  return { done: groups.filter((g) => g.status === 'active').map((g) => g.userGroupId) };
}

/** The current token and this rotation's pending one. */
async function tokens(
  deps: CacheRotationDependencies,
  event: RotationEvent,
): Promise<{ readonly current: string; readonly pending: string }> {
  const current = await readToken(deps.secrets, event.secretId, CURRENT);
  const pending = await readToken(deps.secrets, event.secretId, PENDING, event.token);
  return { current, pending };
}

const seconds = (limit: { readonly timeoutMs: number }) => `${limit.timeoutMs / 1000} s`;
