import type { CacheRotationDependencies } from '../../../core/cache-rotation/rotate-cache-token';
import type { RotationEvent } from '../../../core/secret-rotation/rotation-event';
import { putPendingValue } from '../../../core/secret-rotation/secret-versions';
import { CacheUsers } from '../../support/elasticache-server';
import { FakeSecretsManager } from '../secret-rotation/fake-secrets-manager';
import { fakeElastiCache } from './fake-elasticache';

/** The cache user group's default user, as the environment stack names it. */
export const USER_ID = 'shop-prod-default';
export const USER_GROUP_ID = 'shop-prod-users';
export const TOKEN = '5d2c7b1e-8f4a-4c3d-9e6b-0a1f2e3d4c5b';
/** The token CDK generated: 64 letters and digits. */
export const OLD_TOKEN = 'a1B2c3D4e5F6g7H8'.repeat(4);
/** A pending token as createSecret makes one. */
export const NEXT_TOKEN = 'N3xtT0kenN3xtT0k'.repeat(4);

/** A clock that sleeps by moving on at once, and what it slept. */
export function fakeTime(): { clock: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
  let now = 1_700_000_000_000;
  const slept: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    slept,
  };
}

export interface CacheWorld {
  readonly sm: FakeSecretsManager;
  readonly users: CacheUsers;
  readonly secretId: string;
  readonly time: ReturnType<typeof fakeTime>;
  readonly deps: CacheRotationDependencies;
  /** The event of `step` for this rotation. */
  event(step: RotationEvent['step']): RotationEvent;
}

/**
 * Secrets Manager and ElastiCache in memory: the token's secret (holding OLD_TOKEN, rotation started with TOKEN) and
 * USER_ID in USER_GROUP_ID, whose password it is.
 */
export function cacheWorld(
  options: { authentication?: 'password' | 'iam' | 'no-password'; modifyingReads?: number } = {},
): CacheWorld {
  const sm = new FakeSecretsManager();
  const secretId = sm.seed({ name: 'shop-prod-cache-token', value: OLD_TOKEN, versionId: 'v1' });
  sm.startRotation(secretId, TOKEN);
  const { users, client } = fakeElastiCache(new CacheUsers());
  users.modifyingReads = options.modifyingReads ?? 2;
  users.addUser(USER_ID, {
    userGroupId: USER_GROUP_ID,
    passwords: options.authentication === undefined || options.authentication === 'password' ? [OLD_TOKEN] : [],
    authentication: options.authentication,
  });
  const time = fakeTime();
  const deps = { secrets: sm.client, elasticache: client, userId: USER_ID, clock: time.clock, sleep: time.sleep };
  return { sm, users, secretId, time, deps, event: (step) => ({ secretId, token: TOKEN, step }) };
}

/** The world as createSecret leaves it: `pending` in the pending version. */
export async function withPending(world: CacheWorld, pending: string): Promise<CacheWorld> {
  await putPendingValue(world.sm.client, world.event('createSecret'), pending);
  return world;
}
