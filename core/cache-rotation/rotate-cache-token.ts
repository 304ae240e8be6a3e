/**
 * One step of the rotation of an ElastiCache cache's AUTH token (lambdas/cache-rotation): the password of the cache
 * user group's `default` user, held raw in its secret. The steps follow the protocol AWS's rotation functions follow
 * (Secrets Manager, "Lambda rotation functions"), as the database rotation does (core/database-rotation). ElastiCache
 * keeps two passwords a user, so the user keeps the current token beside the new one until the next rotation: tasks
 * started before a rotation still log in after it, as with the alternating-users strategy.
 */
import {
  runRotationStep,
  finishSecret,
  type RotationResult,
  type RotationSteps,
} from '../secret-rotation/rotation-step';
import type { SecretsClient } from '../secret-rotation/secret-versions';
import type { CacheClient } from './cache-user';
import { createSecret, setSecret, testSecret } from './rotation-steps';
import type { WaitLimit, WaitTiming } from './wait-until';

export type { RotationResult };

/** What the steps act on: Secrets Manager, ElastiCache's API (never a cache: the function runs outside the VPC). */
export interface CacheRotationDependencies extends WaitTiming {
  readonly secrets: SecretsClient;
  readonly elasticache: CacheClient;
  /** The ElastiCache user whose password the token is (CACHE_USER_ID, read with cache-user.ts `cacheUserId`). */
  readonly userId: string;
  /** @default CACHE_ROTATION_WAITS (wait-until.ts) */
  readonly waits?: { readonly userActive: WaitLimit; readonly applied: WaitLimit };
}

const STEPS: RotationSteps<CacheRotationDependencies> = { createSecret, setSecret, testSecret, finishSecret };

export async function rotateCacheToken(deps: CacheRotationDependencies, input: unknown): Promise<RotationResult> {
  return runRotationStep(STEPS, deps, input);
}
