import { startPostgres, type PostgresServer } from '../../../support/postgres-server';
import { SecretsManagerServer } from '../../../support/secrets-manager-server';
import {
  APP_SECRET,
  databaseUsersRun,
  MASTER_SECRET,
  seedSecrets,
  type DatabaseUsersRun,
  type ResourceProperties,
} from './database-users-harness';
import { rdsLikePostgres } from './rds-like';

/** The resource of the PostgreSQL test files: the application's database `app`, the secrets seedSecrets makes. */
export const POSTGRES_RESOURCE: { readonly props: ResourceProperties; readonly physicalId: string } = {
  props: { family: 'postgres', databaseName: 'app', masterSecretArn: MASTER_SECRET, applicationSecretArn: APP_SECRET },
  physicalId: 'postgres:app:application',
};

/** What a PostgreSQL test file runs the database-users function against. */
export interface PostgresUsersFile {
  readonly server: PostgresServer;
  readonly secrets: SecretsManagerServer;
  readonly run: DatabaseUsersRun;
}

/**
 * A real PostgreSQL server set up as RDS sets one up with `databases` (`app` among them), a local Secrets Manager
 * holding the master's and the application's secrets for `app`, and the run against both.
 */
export async function startPostgresUsers(
  databases: readonly string[],
  applicationPassword: string,
): Promise<PostgresUsersFile> {
  const [server, secrets] = await Promise.all([startPostgres(), SecretsManagerServer.start()]);
  try {
    await rdsLikePostgres(server, databases);
    seedSecrets(secrets, { engine: 'postgres', port: server.port, dbname: 'app' }, applicationPassword);
  } catch (error) {
    await Promise.all([server.stop(), secrets.stop()]);
    throw error;
  }
  return { server, secrets, run: databaseUsersRun(secrets, server.ca) };
}

/** {@link startPostgresUsers} before the test file's tests, then `prepare`, the file's own set-up; stopped after them. */
export function usePostgresUsers(
  databases: readonly string[],
  applicationPassword: string,
  prepare: () => Promise<void> = async () => undefined,
): PostgresUsersFile {
  let started: PostgresUsersFile | undefined;
  beforeAll(async () => {
    started = await startPostgresUsers(databases, applicationPassword);
    await prepare();
  }, 60_000);
  afterAll(async () => {
    await Promise.all([started?.server.stop(), started?.secrets.stop()]);
  });
  const file = (): PostgresUsersFile => {
    if (started === undefined) throw new Error('the PostgreSQL server starts before the tests: use it inside one');
    return started;
  };
  return {
    get server() {
      return file().server;
    },
    get secrets() {
      return file().secrets;
    },
    run: (event, options) => file().run(event, options),
  };
}
