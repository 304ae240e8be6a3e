import {
  errorFields,
  isMissingCredentials,
  isRefusedCredentials,
  isUnreachable,
  missingCredentialsMessage,
} from '../aws-errors';
/** A Backup call that failed or answered nonsense; the message says what to do, without a stack trace. */
export class BackupsError extends Error {
  override readonly name = 'BackupsError';
}

/** Which vault a call was about, for messages. */
export interface VaultCallTarget {
  readonly vault: string;
  readonly region: string;
  readonly account: string;
  readonly environment: string;
}

/** Turns an SDK error of `operation` into one readable sentence that names the vault and the way out. */
export function explainBackupError(error: unknown, operation: string, target: VaultCallTarget): string {
  const fields = errorFields(error);
  const { name, message, code } = fields;
  const where = `vault '${target.vault}' (account ${target.account}, ${target.region})`;
  if (isMissingCredentials(fields)) return missingCredentialsMessage(where, target.account);
  if (name === 'ResourceNotFoundException') {
    return (
      `${where} does not exist: has the ${target.environment} environment been deployed with its backup plan, ` +
      `and are your credentials for account ${target.account}? (${message})`
    );
  }
  if (name === 'AccessDeniedException' || isRefusedCredentials(fields)) {
    return (
      `AWS Backup refused ${operation} on ${where} (${name}: ${message}); use credentials of a role in account ` +
      `${target.account} that may call backup:${operation}`
    );
  }
  if (isUnreachable(fields)) {
    return `cannot reach AWS Backup in ${target.region} for ${operation} (${code ?? name}: ${message})`;
  }
  return `AWS Backup ${operation} failed on ${where}: ${name}: ${message}`;
}
