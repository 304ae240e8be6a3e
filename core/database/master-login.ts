/**
 * The database-users function's login as the master user, and what it does when the server refuses the master
 * secret's password: single-user rotation of the master secret sets the new password in the database (setSecret)
 * before it makes that version AWSCURRENT (finishSecret), so for a moment the password that logs in is AWSPENDING's.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { readPendingDatabaseSecret, type DatabaseSecret } from './database-secrets';

/** A connection the server refused or that failed, in one line; `passwordRefused` when the server refused the password. */
export class ConnectionFailure extends Error {
  constructor(
    message: string,
    readonly passwordRefused: boolean,
  ) {
    super(message);
  }
}

/**
 * Whether the driver's error is the server refusing the login's password: PostgreSQL's invalid_password (28P01),
 * MySQL's and MariaDB's ER_ACCESS_DENIED_ERROR (1045).
 */
function refusedPassword(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '28P01' || code === 'ER_ACCESS_DENIED_ERROR';
}

/** `open()`, its failure a {@link ConnectionFailure} that says it could not connect to `where`. */
export async function connecting<T>(where: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    throw new ConnectionFailure(`could not connect to ${where}: ${(error as Error).message}`, refusedPassword(error));
  }
}

/**
 * `work` with the master secret's password; when the server refuses it, once more with the password of the master
 * secret's AWSPENDING version, if the secret has one for the same user. `work` is a whole idempotent run, so running
 * it again after a session it opened later was refused redoes nothing.
 */
export async function withMasterPassword<T>(
  secretsManager: Pick<SecretsManagerClient, 'send'>,
  masterSecretArn: string,
  master: DatabaseSecret,
  work: (password: string) => Promise<T>,
): Promise<T> {
  try {
    return await work(master.password);
  } catch (error) {
    if (!(error instanceof ConnectionFailure && error.passwordRefused)) throw error;
    const pending = await readPendingDatabaseSecret(secretsManager, masterSecretArn, 'master');
    if (pending === undefined || pending.username !== master.username || pending.password === master.password) {
      throw error;
    }
    try {
      return await work(pending.password);
    } catch (retry) {
      if (!(retry instanceof ConnectionFailure && retry.passwordRefused)) throw retry;
      throw new Error(
        `${error.message} (with the AWSCURRENT password, and with the AWSPENDING one of a rotation in progress): set the master secret's password to the database's (modify the instance or cluster's master password)`,
      );
    }
  }
}
