/**
 * The database sessions of the database-users function (postgres-users.ts, mysql-users.ts) and of the rotation
 * function (core/database-rotation/connect-database.ts), from the pg and mysql2 drivers: always TLS that verifies the
 * server's certificate and name (verifiedTls), with the caller's timeouts. A failure to connect is the driver's error,
 * the half-open connection closed; each caller says it in its own words.
 */
import { createConnection, type Connection } from 'mysql2/promise';
import { Client } from 'pg';
import { verifiedTls, type ConnectionTimeouts, type MasterLogin } from './database-connection';

/** A user's login at the endpoint, the master's or another's, into `database` (none: the driver's default). */
export interface ConnectionLogin extends MasterLogin {
  readonly database?: string;
}

/**
 * Settings every PostgreSQL session of the functions starts with, above the database's and the role's own: the server
 * applies a client's startup options over ALTER DATABASE ... SET and ALTER ROLE ... SET, which the application user
 * may run on the database it owns. Without them a master session there would look names up where the application
 * put its own objects first (search_path), act as the application user (role) or refuse every change (read-only).
 * pg_catalog first, the session's temporary schema last: no other schema is searched, and a temporary object cannot
 * stand in for a catalog one. statement_timeout and lock_timeout are startup settings too (pg's own options).
 */
export const POSTGRES_SESSION_OPTIONS = [
  'search_path=pg_catalog,pg_temp',
  'role=none',
  'default_transaction_read_only=off',
]
  .map((setting) => `-c ${setting}`)
  .join(' ');

/** A connected pg client; `applicationName` names the session in pg_stat_activity. */
export async function openPostgres(
  login: ConnectionLogin,
  timeouts: ConnectionTimeouts,
  applicationName: string,
): Promise<Client> {
  const client = new Client({
    host: login.host,
    port: login.port,
    user: login.user,
    password: login.password,
    database: login.database,
    ssl: verifiedTls(login.host, login.ca),
    connectionTimeoutMillis: timeouts.connectMs,
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.lockMs,
    query_timeout: timeouts.statementMs + timeouts.replyGraceMs,
    application_name: applicationName,
    options: POSTGRES_SESSION_OPTIONS,
  });
  // A connection lost between queries is also an 'error' event, which would end the process; the query waiting on it
  // fails with the same error and says so.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

/**
 * A connected mysql2 connection, its statements one at a time. Its session's sql_mode is reset: the literals escape
 * with backslashes (sql-quoting.ts), which NO_BACKSLASH_ESCAPES would keep as characters of a password. The sessions
 * run only user, grant and password statements, which no other mode changes.
 */
export async function openMysql(
  login: ConnectionLogin,
  timeouts: Pick<ConnectionTimeouts, 'connectMs' | 'statementMs'>,
): Promise<Connection> {
  const connection = await createConnection({
    host: login.host,
    port: login.port,
    user: login.user,
    password: login.password,
    database: login.database,
    // mysql2 checks the certificate's name only with verifyIdentity, against the host (a name: RDS's endpoint).
    ssl: { ...verifiedTls(login.host, login.ca), verifyIdentity: true },
    connectTimeout: timeouts.connectMs,
    multipleStatements: false,
  });
  // A connection lost between statements is also an 'error' event; the statement waiting on it fails and says so.
  connection.on('error', () => undefined);
  try {
    await connection.query({ sql: `SET SESSION sql_mode = ''`, timeout: timeouts.statementMs });
  } catch (error) {
    await connection.end().catch(() => undefined);
    throw error;
  }
  return connection;
}
