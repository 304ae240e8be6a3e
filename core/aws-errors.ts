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

/**
 * The sentence for a call the service refused, for the credentials themselves or for a missing permission:
 * which call, on what, and whose role to use instead. Every command that calls AWS words it this way.
 */
export function refusedCredentialsMessage(
  service: string,
  operation: string,
  where: string,
  account: string,
  { name, message }: AwsErrorFields,
): string {
  return `${service} refused ${operation} for ${where} (${name}: ${message}); use credentials of a role in account ${account} that may call it`;
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

/** Error names of throttling, across the JSON and query protocols (CloudWatch names errors by their query code). */
const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RateExceeded',
]);

/** True when the service asked to be called less often. */
export function isThrottling({ name }: { readonly name: string }): boolean {
  return THROTTLING.has(name);
}

/** Socket failures that can clear up by themselves (a host name that does not resolve is not one). */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN']);
const NETWORK_CODES = new Set([...TRANSIENT_NETWORK_CODES, 'ENOTFOUND']);

/**
 * Whether an SDK error can clear up by itself: a server fault, throttling, a timeout or a dropped
 * connection. The SDK already retried it a few times; during a long wait the caller asks again at the next
 * poll instead of failing. Reads any thrown object, not only an Error: a network error from another realm
 * (jest's sandbox) is no `instanceof Error`.
 */
export function isTransientError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const fields = error as { name?: unknown; code?: unknown; $fault?: unknown };
  const name = String(fields.name);
  return (
    fields.$fault === 'server' ||
    THROTTLING.has(name) ||
    name === 'AbortError' ||
    name === 'TimeoutError' ||
    TRANSIENT_NETWORK_CODES.has(String(fields.code))
  );
}

/** True when the request never got an answer: the SDK timed out or the socket failed. */
export function isUnreachable({ name, code }: AwsErrorFields): boolean {
  return name === 'TimeoutError' || (code !== undefined && NETWORK_CODES.has(code));
}
