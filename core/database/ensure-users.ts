/**
 * The database-users custom resource (lambdas/database-users): the application connects as a user of its own, not as
 * the master user. On Create and Update it reads the master and application secrets, connects as the master over
 * verified TLS (master-login.ts: with a rotation's pending password when the current one is refused) and makes the
 * application user and its rotation clone the owners of the application's database (postgres-users.ts,
 * mysql-users.ts); on Delete it changes nothing. Every run is idempotent. The secrets and the database are whatever
 * the resource's properties name, which a commit may change: only the application's own users, in the database the
 * master secret names and never a system database, are made (application-users.ts, database-users-event.ts).
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DatabaseEngineFamily } from '../../model/lambda-contracts';
import { applicationUsers, unknownPassword, type UsersOutcome } from './application-users';
import { databaseEndpoint } from './database-connection';
import { readDatabaseSecret } from './database-secrets';
import { databaseUsersRequest, type DatabaseUsersEnsure } from './database-users-event';
import { withMasterPassword } from './master-login';
import { ensureMysqlUsers } from './mysql-users';
import { ensurePostgresUsers } from './postgres-users';
import { shownValue } from './sql-quoting';

export interface DatabaseUsersClients {
  readonly secretsManager: Pick<SecretsManagerClient, 'send'>;
}

export interface DatabaseUsersOptions {
  /** The only CA to trust, instead of the RDS CAs (tests only). */
  readonly ca?: string;
}

/** What the Provider framework sends CloudFormation: Data are the resource's attributes (Fn::GetAtt). */
export interface DatabaseUsersResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly ApplicationUser: string; readonly CloneUser: string };
}

export interface DatabaseUsersOutcome extends UsersOutcome {
  readonly response: DatabaseUsersResponse;
}

/** Stable for one database and application user: a change of either is a new resource (and a Delete of the old). */
export function databaseUsersPhysicalId(
  family: DatabaseEngineFamily,
  databaseName: string,
  applicationUser: string,
): string {
  return `${family}:${databaseName}:${applicationUser}`;
}

/** The custom resource's whole run, from its event. */
export async function databaseUsers(
  clients: DatabaseUsersClients,
  event: unknown,
  options: DatabaseUsersOptions = {},
): Promise<DatabaseUsersOutcome> {
  const request = databaseUsersRequest(event);
  if (request.requestType === 'Delete') {
    return { response: { PhysicalResourceId: request.physicalResourceId }, changes: [], kept: [] };
  }
  return ensureDatabaseUsers(clients, request, options);
}

export async function ensureDatabaseUsers(
  clients: DatabaseUsersClients,
  request: DatabaseUsersEnsure,
  options: DatabaseUsersOptions = {},
): Promise<DatabaseUsersOutcome> {
  const [master, application] = await Promise.all([
    readDatabaseSecret(clients.secretsManager, request.masterSecretArn, 'master'),
    readDatabaseSecret(clients.secretsManager, request.applicationSecretArn, 'application'),
  ]);
  const users = applicationUsers(master, application);
  if (master.dbname !== undefined && master.dbname !== request.databaseName) {
    throw new Error(
      `the custom resource's DatabaseName ${shownValue(request.databaseName)} is not the master secret's dbname ${shownValue(master.dbname)}: DatabaseName must name the database the instance or cluster was created with`,
    );
  }
  const endpoint = { ...databaseEndpoint(master, application, request.family), user: users.master, ca: options.ca };
  const passwords = {
    current: application.password,
    setCurrent: request.newApplicationSecret,
    other: unknownPassword(),
  };
  const ensure = request.family === 'postgres' ? ensurePostgresUsers : ensureMysqlUsers;
  const outcome = await withMasterPassword(clients.secretsManager, request.masterSecretArn, master, (password) =>
    ensure({ ...endpoint, password }, request.databaseName, users, passwords),
  );
  return {
    ...outcome,
    response: {
      PhysicalResourceId: databaseUsersPhysicalId(request.family, request.databaseName, users.application),
      Data: { ApplicationUser: users.application, CloneUser: users.clone },
    },
  };
}
