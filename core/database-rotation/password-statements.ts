/**
 * The statements a rotation runs, quoted by core/database's rules: ALTER ROLE / ALTER USER take no bind parameters,
 * so the user and the password go into the text itself.
 */
import type { DatabaseEngineFamily } from '../../model/lambda-contracts';
import { pgPassword } from '../database/postgres-statements';
import { mysqlAccount, mysqlLiteral, pgIdentifier, pgLiteral } from '../database/sql-quoting';

/** A user's new password, set by the user itself (single user) or by the master (alternating users). */
export function setUserPassword(family: DatabaseEngineFamily, username: string, password: string): string {
  return family === 'postgres'
    ? `ALTER ROLE ${pgIdentifier(username)} WITH ${pgPassword(password)}`
    : `ALTER USER ${mysqlAccount(username)} IDENTIFIED BY ${mysqlLiteral(password)}`;
}

/**
 * The MySQL account the session authenticated as, `user@host` (a host pattern: `%` for RDS's users). A user changing
 * its own password names it explicitly: MySQL 8's own forms do not carry over, MariaDB refusing `ALTER USER USER()`
 * and, in 10.11, accepting `ALTER USER CURRENT_USER() IDENTIFIED BY` without changing anything.
 */
export const MYSQL_LOGGED_IN_ACCOUNT = 'SELECT CURRENT_USER() AS account';

/**
 * The logged-in MySQL account's new password; `account` is what {@link MYSQL_LOGGED_IN_ACCOUNT} returned, which must be
 * an account of `username`, the secret's user: a login may land on another account (an anonymous ''@'%' matches any
 * user name), whose password this rotation has no business changing.
 */
export function setMysqlAccountPassword(account: string, username: string, password: string): string {
  // A host cannot hold '@'; a user name can.
  const at = account.lastIndexOf('@');
  if (at < 0) throw new Error(`MySQL named the logged-in account ${JSON.stringify(account)}, not user@host`);
  if (account.slice(0, at) !== username) {
    throw new Error(
      `MySQL logged ${username} in as the account ${JSON.stringify(account)}, another user's: not changing its password; remove that account or give ${username} an account of its own, then rotate again`,
    );
  }
  return `ALTER USER ${mysqlLiteral(username)}@${mysqlLiteral(account.slice(at + 1))} IDENTIFIED BY ${mysqlLiteral(password)}`;
}

/** One row when the user exists (MySQL: the account at any host, which the database-users function makes). */
export function userExists(family: DatabaseEngineFamily, username: string): string {
  return family === 'postgres'
    ? `SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ${pgLiteral(username)}`
    : `SELECT 1 FROM mysql.user WHERE User = ${mysqlLiteral(username)} AND Host = '%'`;
}
