/**
 * Runs the MySQL steps (mysql-statements.ts), connected as the master user over verified TLS. MySQL commits each user
 * and grant statement on its own, so a run that fails part-way has made some of the steps: the next run, which reads
 * the state again, makes the rest.
 */
import type { RowDataPacket } from 'mysql2/promise';
import type { ApplicationUsers, UserPasswords, UsersOutcome } from './application-users';
import { DATABASE_TIMEOUTS, noSuchDatabase, type MasterLogin } from './database-connection';
import { connecting } from './master-login';
import { holdsAllPrivileges, mysqlSteps, type MysqlState } from './mysql-statements';
import { openMysql } from './open-connection';
import { mysqlAccount } from './sql-quoting';

export async function ensureMysqlUsers(
  login: MasterLogin,
  databaseName: string,
  users: ApplicationUsers,
  passwords: UserPasswords,
): Promise<UsersOutcome> {
  const connection = await connecting(`MySQL at ${login.host}:${login.port} as ${login.user}`, () =>
    openMysql(login, DATABASE_TIMEOUTS),
  );
  const run = async <R extends RowDataPacket>(sql: string, values?: unknown[]): Promise<R[]> =>
    (await connection.query<R[]>({ sql, values, timeout: DATABASE_TIMEOUTS.statementMs }))[0];
  try {
    const exists = await run<RowDataPacket & { n: number }>(
      'SELECT COUNT(*) AS n FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?',
      [databaseName],
    );
    if (Number(exists[0].n) === 0) throw noSuchDatabase(databaseName, login.host);
    const state = await mysqlState(run, users, databaseName);
    const steps = mysqlSteps(users, databaseName, state, passwords);
    const changes: string[] = [];
    for (const step of steps) {
      try {
        await run(step.sql);
      } catch (error) {
        const done = changes.length === 0 ? 'nothing was changed' : `done before it: ${changes.join('; ')}`;
        throw new Error(`MySQL refused to do this (${step.change}): ${(error as Error).message}; ${done}`);
      }
      changes.push(step.change);
    }
    return { changes, kept: [] };
  } finally {
    await connection.end().catch(() => undefined);
  }
}

type Run = <R extends RowDataPacket>(sql: string, values?: unknown[]) => Promise<R[]>;

async function mysqlState(run: Run, users: ApplicationUsers, databaseName: string): Promise<MysqlState> {
  const found = await run<RowDataPacket & { User: string | Buffer }>(
    `SELECT User FROM mysql.user WHERE Host = '%' AND User IN (?, ?)`,
    [users.application, users.clone],
  );
  const existing = found.map((row) => row.User.toString());
  // MariaDB has no partial_revokes, and reads `_` in a granted database's name as a wildcard, as MySQL does without it.
  const revokes = await run<RowDataPacket & { Value: string }>(`SHOW VARIABLES LIKE 'partial_revokes'`);
  const wildcardGrants = revokes[0]?.Value !== 'ON';
  const granted: string[] = [];
  for (const user of existing) {
    const lines = (await run(`SHOW GRANTS FOR ${mysqlAccount(user)}`)).map((row) => String(Object.values(row)[0]));
    if (holdsAllPrivileges(lines, databaseName, wildcardGrants)) granted.push(user);
  }
  return { users: existing, granted, wildcardGrants };
}
