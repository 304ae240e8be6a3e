/**
 * The database-users custom resource (lambdas/database-users): the application connects as a user of its own, not as
 * the master user. On Create and Update it reads the master and application secrets, connects as the master over
 * verified TLS and makes the application user and its rotation clone the owners of the application's database
 * (postgres-users.ts, mysql-users.ts); on Delete it changes nothing. Every run is idempotent.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DatabaseEngineFamily } from '../../model/lambda-contracts';
import { applicationUsers, unknownPassword, type UsersOutcome } from './application-users';
import { databaseEndpoint } from './database-connection';
import { readDatabaseSecret } from './database-secrets';
import { databaseUsersRequest, type DatabaseUsersEnsure } from './database-users-event';
import { ensureMysqlUsers } from './mysql-users';
import { ensurePostgresUsers } from './postgres-users';

export interface DatabaseUsersClients {
  readonly secretsManager: Pick<SecretsManagerClient, 'send'>;
}

export interface DatabaseUsersOptions {
  /**
   * The only CA to trust, instead of the runtime's trust store (tests only: in Lambda, NODE_EXTRA_CA_CERTS adds the
   * RDS CAs to the runtime's, which a `ca` would replace).
   */
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
  const users = applicationUsers(master, application, request.family);
  const login = {
    ...databaseEndpoint(master, application, request.family),
    user: users.master,
    password: master.password,
    ca: options.ca,
  };
  const passwords = {
    current: application.password,
    setCurrent: request.newApplicationSecret,
    other: unknownPassword(),
  };
  const ensure = request.family === 'postgres' ? ensurePostgresUsers : ensureMysqlUsers;
  const outcome = await ensure(login, request.databaseName, users, passwords);
  return {
    ...outcome,
    response: {
      PhysicalResourceId: databaseUsersPhysicalId(request.family, request.databaseName, users.application),
      Data: { ApplicationUser: users.application, CloneUser: users.clone },
    },
  };
}
