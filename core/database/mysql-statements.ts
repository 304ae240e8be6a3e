/**
 * The MySQL statements (RDS MySQL, Aurora MySQL; MariaDB reads them the same) that make the application user and its
 * clone and give each every privilege on the application's database, and on nothing else: only the steps the
 * server's state still lacks, so a second run has none. Pure: mysql-users.ts reads the state and runs the steps.
 */
import type { ApplicationUsers, SqlStep, UserPasswords } from './application-users';
import { mysqlAccount, mysqlIdentifier, mysqlLiteral } from './sql-quoting';

export interface MysqlState {
  /** Which of the application user and its clone exist (at host '%'). */
  readonly users: readonly string[];
  /** Which of them hold ALL PRIVILEGES on the application's database. */
  readonly granted: readonly string[];
  /**
   * Whether GRANT reads `_` in a database name as "any character": MySQL's does unless partial_revokes is on, and
   * MariaDB's always does. The name is then written with `\_`, so the grant is on that one database only.
   */
  readonly wildcardGrants: boolean;
}

/** The database a grant names: `app`.* for exactly the database `app`. */
export function grantedDatabase(databaseName: string, wildcardGrants: boolean): string {
  return `${mysqlIdentifier(wildcardGrants ? databaseName.replace(/_/g, '\\_') : databaseName)}.*`;
}

/** Whether SHOW GRANTS' lines of a user hold every privilege on the application's database, as the run grants them. */
export function holdsAllPrivileges(grants: readonly string[], databaseName: string, wildcardGrants: boolean): boolean {
  const on = `GRANT ALL PRIVILEGES ON ${grantedDatabase(databaseName, wildcardGrants)} TO `;
  return grants.some((line) => line.startsWith(on));
}

export function mysqlSteps(
  users: ApplicationUsers,
  databaseName: string,
  state: MysqlState,
  passwords: UserPasswords,
): SqlStep[] {
  const steps: SqlStep[] = [];
  for (const user of [users.application, users.clone]) {
    if (state.users.includes(user)) continue;
    const current = user === users.current;
    steps.push({
      // IF NOT EXISTS: a user made since the state was read keeps its password.
      sql: `CREATE USER IF NOT EXISTS ${mysqlAccount(user)} IDENTIFIED BY ${mysqlLiteral(current ? passwords.current : passwords.other)}`,
      change: `created user ${user} with ${current ? "the application secret's password" : 'a password nobody knows, until rotation sets one'}`,
    });
  }
  if (passwords.setCurrent && state.users.includes(users.current)) {
    steps.push({
      sql: `ALTER USER ${mysqlAccount(users.current)} IDENTIFIED BY ${mysqlLiteral(passwords.current)}`,
      change: `set the password of ${users.current} to the application secret's`,
    });
  }
  for (const user of [users.application, users.clone]) {
    if (state.granted.includes(user)) continue;
    steps.push({
      // On the one database, without GRANT OPTION: the application administers its own tables, nothing else.
      sql: `GRANT ALL PRIVILEGES ON ${grantedDatabase(databaseName, state.wildcardGrants)} TO ${mysqlAccount(user)}`,
      change: `granted ${user} all privileges on database ${databaseName}`,
    });
  }
  return steps;
}
