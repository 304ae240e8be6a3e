/**
 * Who the database-users function makes, from the two secrets: the application user, the clone that AWS's
 * alternating-users rotation takes turns with, and which of the two the application secret names now.
 */
import { randomBytes } from 'node:crypto';
import { APPLICATION_DATABASE_USER, ROTATION_CLONE_SUFFIX } from '../../model/lambda-contracts';
import type { DatabaseSecret } from './database-secrets';
import { checkedName, shownValue } from './sql-quoting';

export interface ApplicationUsers {
  /** The master user, which the function connects as and which stays the database's administrator. */
  readonly master: string;
  /** The application user (APPLICATION_DATABASE_USER). */
  readonly application: string;
  /** Its clone, the application user's name with ROTATION_CLONE_SUFFIX: derived, never read from a secret. */
  readonly clone: string;
  /** The user the application secret names now (the application user or, after a rotation, its clone). */
  readonly current: string;
  /** The other of the two, which rotation gives a password on its next turn. */
  readonly other: string;
}

/** The only users the database functions make and rotate: the application user and its clone, by these names. */
export const APPLICATION_USERS = [
  APPLICATION_DATABASE_USER,
  `${APPLICATION_DATABASE_USER}${ROTATION_CLONE_SUFFIX}`,
] as const;

/**
 * The users, from the master secret and the application secret, whose username must be one of
 * {@link APPLICATION_USERS}: the secret is whatever the resource's properties or the rotated secret point at, and the
 * master would otherwise make (or give a password to) any user it names, rds_superuser's "clone" included.
 */
export function applicationUsers(master: DatabaseSecret, application: DatabaseSecret): ApplicationUsers {
  const masterName = checkedName(master.username, "the master secret's username");
  const [applicationName, clone] = APPLICATION_USERS;
  const current = APPLICATION_USERS.find((user) => user === application.username);
  if (current === undefined) {
    throw new Error(
      `the application secret's username ${shownValue(application.username)} is neither ${applicationName} nor ${clone}, the only users the database functions make and rotate: use the application secret the environment stack made`,
    );
  }
  if (masterName === applicationName || masterName === clone) {
    throw new Error(
      `the master secret's username ${shownValue(masterName)} is the application's: the master user must be another`,
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
