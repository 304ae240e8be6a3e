/** What an error thrown by an AWS SDK client carries, read defensively: anything thrown may arrive here. */
export interface AwsErrorFields {
  readonly name: string;
  readonly message: string;
  /** A Node.js network error code (ECONNREFUSED, …), when the request never got an answer. */
  readonly code?: string;
  /** `client` or `server`, as the SDK classifies a service error. */
  readonly fault?: string;
}

export function errorFields(error: unknown): AwsErrorFields {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const fields = error as Error & { code?: unknown; $fault?: unknown };
  return {
    name: error.name,
    message: error.message,
    code: typeof fields.code === 'string' ? fields.code : undefined,
    fault: typeof fields.$fault === 'string' ? fields.$fault : undefined,
  };
}

/** True when the SDK found no credentials at all (as opposed to credentials the service refused). */
export function isMissingCredentials({ name, message }: AwsErrorFields): boolean {
  return name === 'CredentialsProviderError' || /could not load credentials/i.test(message);
}

/** The sentence for missing credentials: where the SDK looked, and how to sign in to `account`. */
export function missingCredentialsMessage(where: string, account: string): string {
  return (
    `no AWS credentials found for ${where}: the SDK looked in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ` +
    `the shared config and credentials files, SSO and instance/container metadata. Sign in with a role in account ` +
    `${account} (for example 'aws sso login' and AWS_PROFILE=<profile>) and run again`
  );
}

/** Error names of credentials the service did not accept (unknown, expired or mis-signed), across JSON and query protocols. */
const REFUSED_CREDENTIALS = new Set([
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
]);

/** True when the service refused the credentials themselves (not a missing permission). */
export function isRefusedCredentials({ name }: AwsErrorFields): boolean {
  return REFUSED_CREDENTIALS.has(name);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** True when the request never got an answer: the SDK timed out or the socket failed. */
export function isUnreachable({ name, code }: AwsErrorFields): boolean {
  return name === 'TimeoutError' || (code !== undefined && NETWORK_CODES.has(code));
}
