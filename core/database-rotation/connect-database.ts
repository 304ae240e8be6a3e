/**
 * The sessions the rotation steps log in with (database-session.ts), from the pg and mysql2 drivers: always TLS that
 * verifies the server's certificate and name (core/database/database-connection.ts), with short timeouts.
 */
import { createConnection } from 'mysql2/promise';
import { Client } from 'pg';
import { verifiedTls } from '../database/database-connection';
import type { ConnectDatabase, DatabaseLogin, DatabaseSession } from './database-session';

/**
 * A step logs in up to three times (the pending version, then the current and the previous one or the master) and
 * runs one-line statements: 5 s to connect and 10 s a statement keep even an unreachable database well inside the
 * function's minute.
 */
export const ROTATION_DATABASE_TIMEOUTS = { connectMs: 5_000, statementMs: 10_000 } as const;

export interface ConnectorOptions {
  /** The only CA to trust, instead of the runtime's: tests only (in Lambda, NODE_EXTRA_CA_CERTS adds the RDS CAs). */
  readonly ca?: string;
}

export function databaseConnector(options: ConnectorOptions = {}): ConnectDatabase {
  return (login) => (login.family === 'postgres' ? postgresSession(login, options) : mysqlSession(login, options));
}

async function postgresSession(login: DatabaseLogin, { ca }: ConnectorOptions): Promise<DatabaseSession> {
  const client = new Client({
    host: login.host,
    port: login.port,
    user: login.username,
    password: login.password,
    database: login.dbname,
    ssl: verifiedTls(login.host, ca),
    connectionTimeoutMillis: ROTATION_DATABASE_TIMEOUTS.connectMs,
    statement_timeout: ROTATION_DATABASE_TIMEOUTS.statementMs,
    lock_timeout: ROTATION_DATABASE_TIMEOUTS.statementMs,
    query_timeout: ROTATION_DATABASE_TIMEOUTS.statementMs + 2_000,
    application_name: 'bluegreen-database-rotation',
  });
  // A connection lost between statements is also an 'error' event, which would end the process; the statement
  // waiting on it fails with the same error.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return {
    query: async (sql) => (await client.query<Record<string, unknown>>(sql)).rows,
    close: () => client.end().catch(() => undefined),
  };
}

async function mysqlSession(login: DatabaseLogin, { ca }: ConnectorOptions): Promise<DatabaseSession> {
  const connection = await createConnection({
    host: login.host,
    port: login.port,
    user: login.username,
    password: login.password,
    database: login.dbname,
    // mysql2 checks the certificate's name only with verifyIdentity.
    ssl: { ...verifiedTls(login.host, ca), verifyIdentity: true },
    connectTimeout: ROTATION_DATABASE_TIMEOUTS.connectMs,
    multipleStatements: false,
  });
  connection.on('error', () => undefined);
  const query = async (sql: string): Promise<readonly Record<string, unknown>[]> => {
    const [result] = await connection.query({ sql, timeout: ROTATION_DATABASE_TIMEOUTS.statementMs });
    return Array.isArray(result) ? (result as Record<string, unknown>[]) : [];
  };
  const close = () => connection.end().catch(() => undefined);
  try {
    // The literals escape with backslashes (core/database/sql-quoting.ts), which NO_BACKSLASH_ESCAPES would keep as
    // characters of the password.
    await query(`SET SESSION sql_mode = ''`);
  } catch (error) {
    await close();
    throw error;
  }
  return { query, close };
}
