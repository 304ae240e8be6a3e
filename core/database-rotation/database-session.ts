/**
 * What a rotation step needs of a database: log in as one user, run statements, close. The steps are written against
 * this (rotation-steps.ts, set-secret.ts); connect-database.ts makes it from the database drivers.
 */
import type { RotatedCredentials } from './rotated-credentials';

/** Where and as whom a step logs in: a database secret's connection fields. */
export type DatabaseLogin = Pick<RotatedCredentials, 'family' | 'host' | 'port' | 'dbname' | 'username' | 'password'>;

export interface DatabaseSession {
  /** Runs one statement; the rows it returns (none for a statement that returns none). */
  query(sql: string): Promise<readonly Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** Logs in (TLS, the server's certificate verified); rejects when the server refuses the login or cannot be reached. */
export type ConnectDatabase = (login: DatabaseLogin) => Promise<DatabaseSession>;

/** `work` in `session`, which is closed whatever happens. */
export async function closing<T>(session: DatabaseSession, work: (session: DatabaseSession) => Promise<T>): Promise<T> {
  try {
    return await work(session);
  } finally {
    await session.close();
  }
}

/** `work` in a session as `login`, closed whatever happens. */
export async function inSession<T>(
  connect: ConnectDatabase,
  login: DatabaseLogin,
  work: (session: DatabaseSession) => Promise<T>,
): Promise<T> {
  return closing(await connect(login), work);
}

export type LoginAttempt = { readonly session: DatabaseSession } | { readonly failure: string };

/** A session as `login`, or why there is none: a refused login is an answer here, not an error. */
export async function tryLogin(connect: ConnectDatabase, login: DatabaseLogin): Promise<LoginAttempt> {
  try {
    return { session: await connect(login) };
  } catch (error) {
    return { failure: (error as Error).message };
  }
}

/** `user@host:port/dbname`, for messages (never the password). */
export function describeLogin(login: DatabaseLogin): string {
  return `${login.username}@${login.host}:${login.port}${login.dbname ? `/${login.dbname}` : ''}`;
}
