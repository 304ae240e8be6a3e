import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Logger } from '@aws-lambda-powertools/logger';
import { cacheUserId } from '../../core/cache-rotation/cache-user';
import { rotateCacheToken, type RotationResult } from '../../core/cache-rotation/rotate-cache-token';
import { sleep } from '../../core/timing';
import { CACHE_ROTATION_ENVIRONMENT } from '../../model/lambda-contracts';

/*
 * Rotates an environment's cache token for Secrets Manager (core/cache-rotation): one step of one rotation per
 * invocation, the secret and its version named by the event, the ElastiCache user by CACHE_USER_ID. It calls only the
 * Secrets Manager and ElastiCache APIs, never the cache, so it runs outside the VPC. A step that fails is thrown as one
 * line; Secrets Manager retries it and then marks the rotation failed.
 */

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'cache-rotation' });

/** A few Secrets Manager and ElastiCache calls per read, each a few hundred milliseconds. */
const SDK_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 10_000 } as const;

export async function handler(event: unknown): Promise<RotationResult> {
  const secrets = new SecretsManagerClient({ requestHandler: SDK_TIMEOUTS });
  const elasticache = new ElastiCacheClient({ requestHandler: SDK_TIMEOUTS });
  try {
    const userId = cacheUserId(process.env[CACHE_ROTATION_ENVIRONMENT.userId]);
    const result = await rotateCacheToken({ secrets, elasticache, userId, clock: Date.now, sleep }, event);
    logger.info('rotation step done', { ...result });
    return result;
  } catch (error) {
    logger.error('rotation step failed', { error: (error as Error).message });
    throw error;
  } finally {
    secrets.destroy();
    elasticache.destroy();
  }
}
