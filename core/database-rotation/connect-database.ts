/**
 * The sessions the rotation steps log in with (database-session.ts), opened as core/database/open-connection.ts opens
 * them: always TLS that verifies the server's certificate (an RDS CA's) and name, with short timeouts, and on
 * PostgreSQL with settings the database's owner cannot change.
 */
import type { ConnectionTimeouts } from '../database/database-connection';
import { openMysql, openPostgres, type ConnectionLogin } from '../database/open-connection';
import type { ConnectDatabase, DatabaseLogin, DatabaseSession } from './database-session';

/**
 * A step logs in up to three times (the pending version, then the current and the previous one or the master) and
 * runs one-line statements: 5 s to connect and 10 s a statement keep even an unreachable database well inside the
 * function's minute.
 */
export const ROTATION_DATABASE_TIMEOUTS = {
  connectMs: 5_000,
  statementMs: 10_000,
  lockMs: 10_000,
  replyGraceMs: 2_000,
} as const satisfies ConnectionTimeouts;

export interface ConnectorOptions {
  /** The only CA to trust, instead of the RDS CAs: tests only. */
  readonly ca?: string;
}

export function databaseConnector(options: ConnectorOptions = {}): ConnectDatabase {
  return (login) => (login.family === 'postgres' ? postgresSession(login, options) : mysqlSession(login, options));
}

function connectionLogin(login: DatabaseLogin, { ca }: ConnectorOptions): ConnectionLogin {
  return {
    host: login.host,
    port: login.port,
    user: login.username,
    password: login.password,
    database: login.dbname,
    ca,
  };
}

async function postgresSession(login: DatabaseLogin, options: ConnectorOptions): Promise<DatabaseSession> {
  const client = await openPostgres(
    connectionLogin(login, options),
    ROTATION_DATABASE_TIMEOUTS,
    'bluegreen-database-rotation',
  );
  return {
    query: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
    close: () => client.end().catch(() => undefined),
  };
}

async function mysqlSession(login: DatabaseLogin, options: ConnectorOptions): Promise<DatabaseSession> {
  const connection = await openMysql(connectionLogin(login, options), ROTATION_DATABASE_TIMEOUTS);
  return {
    query: async (sql) => {
      const [result] = await connection.query({ sql, timeout: ROTATION_DATABASE_TIMEOUTS.statementMs });
      return Array.isArray(result) ? (result as Record<string, unknown>[]) : [];
    },
    close: () => connection.end().catch(() => undefined),
  };
}
