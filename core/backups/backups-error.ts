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

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
const REFUSED_CREDENTIALS = new Set([
  'AccessDeniedException',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);

/** Turns an SDK error of `operation` into one readable sentence that names the vault and the way out. */
export function explainBackupError(error: unknown, operation: string, target: VaultCallTarget): string {
  const { name, message, code } = errorFields(error);
  const where = `vault '${target.vault}' (account ${target.account}, ${target.region})`;
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return (
      `no AWS credentials found for ${where}: the SDK looked in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ` +
      `the shared config and credentials files, SSO and instance/container metadata. Sign in with a role in account ` +
      `${target.account} (for example 'aws sso login' and AWS_PROFILE=<profile>) and run again`
    );
  }
  if (name === 'ResourceNotFoundException') {
    return (
      `${where} does not exist: has the ${target.environment} environment been deployed with its backup plan, ` +
      `and are your credentials for account ${target.account}? (${message})`
    );
  }
  if (REFUSED_CREDENTIALS.has(name)) {
    return (
      `AWS Backup refused ${operation} on ${where} (${name}: ${message}); use credentials of a role in account ` +
      `${target.account} that may call backup:${operation}`
    );
  }
  if (name === 'TimeoutError' || (code !== undefined && NETWORK_CODES.has(code))) {
    return `cannot reach AWS Backup in ${target.region} for ${operation} (${code ?? name}: ${message})`;
  }
  return `AWS Backup ${operation} failed on ${where}: ${name}: ${message}`;
}

function errorFields(error: unknown): { name: string; message: string; code?: string } {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as Error & { code?: unknown }).code;
  return { name: error.name, message: error.message, code: typeof code === 'string' ? code : undefined };
}
