/**
 * Who the database-users function makes, from the two secrets: the application user, the clone that AWS's
 * alternating-users rotation takes turns with, and which of the two the application secret names now.
 */
import { randomBytes } from 'node:crypto';
import { ROTATION_CLONE_SUFFIX, type DatabaseEngineFamily } from '../../model/lambda-contracts';
import type { DatabaseSecret } from './database-secrets';
import { checkedName, shownValue } from './sql-quoting';

export interface ApplicationUsers {
  /** The master user, which the function connects as and which stays the database's administrator. */
  readonly master: string;
  /** The application user: the application secret's user without the clone's suffix. */
  readonly application: string;
  readonly clone: string;
  /** The user the application secret names now (the application user or, after a rotation, its clone). */
  readonly current: string;
  /** The other of the two, which rotation gives a password on its next turn. */
  readonly other: string;
}

/** MySQL's limit on a user name; the clone's name, the longer, must fit. */
export const MYSQL_USER_NAME_LIMIT = 32;

export function applicationUsers(
  master: DatabaseSecret,
  application: DatabaseSecret,
  family: DatabaseEngineFamily,
): ApplicationUsers {
  const masterName = checkedName(master.username, "the master secret's username");
  const current = checkedName(application.username, "the application secret's username");
  const base = current.endsWith(ROTATION_CLONE_SUFFIX) ? current.slice(0, -ROTATION_CLONE_SUFFIX.length) : current;
  const applicationName = checkedName(base, "the application secret's username without its rotation suffix");
  const clone = `${applicationName}${ROTATION_CLONE_SUFFIX}`;
  const longest = family === 'mysql' ? MYSQL_USER_NAME_LIMIT : 63;
  if (clone.length > longest) {
    throw new Error(
      `the application secret's username ${shownValue(applicationName)} is too long: its rotation clone ${shownValue(clone)} must fit ${family}'s ${longest} characters`,
    );
  }
  if (masterName === applicationName || masterName === clone) {
    throw new Error(
      `the application secret names the master user ${shownValue(masterName)}: the application must have a user of its own`,
    );
  }
  return {
    master: masterName,
    application: applicationName,
    clone,
    current,
    other: current === applicationName ? clone : applicationName,
  };
}

/**
 * A password nobody knows, for the user the secret does not name when the function has to create it: rotation sets
 * its password on its turn. 192 random bits; the fixed tail meets the usual complexity rules (MySQL's
 * validate_password MEDIUM) whatever the draw.
 */
export function unknownPassword(): string {
  return `${randomBytes(24).toString('base64url')}-Aa1`;
}

/** The passwords a run may give: the application secret's to the user it names, a new unknown one to the other. */
export interface UserPasswords {
  /** The application secret's password: given to the user the secret names when that user is created. */
  readonly current: string;
  /** Whether to also set it when that user exists already: the secret is new to the resource (a Create, a replaced secret). */
  readonly setCurrent: boolean;
  /** For the other user, only when it has to be created ({@link unknownPassword}). */
  readonly other: string;
}

/** One statement of a run and what it changes. */
export interface SqlStep {
  /** May hold a password or its verifier: never logged, never in a message. */
  readonly sql: string;
  /** What the statement changes, by names only: logged, and returned. */
  readonly change: string;
}

/** What a run did. */
export interface UsersOutcome {
  /** What it changed, one line each, by names only: none when it found everything in place. */
  readonly changes: readonly string[];
  /** What it left with the master, and why. */
  readonly kept: readonly string[];
}
