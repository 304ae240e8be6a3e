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

/**
 * The AWS call an error came from, and how its service words its own failures: what `explainAwsError` needs to
 * say in one sentence what went wrong where, and what to do.
 */
export interface AwsCall<Own = string> {
  /** The service as users know it; it starts most sentences, e.g. `ECS` or `Elastic Load Balancing`. */
  readonly service: string;
  /** The API operation that failed, e.g. `DescribeServices`. */
  readonly operation: string;
  /** What the call was about, with its account and region, e.g. `cluster C (account A, eu-west-1)`. */
  readonly where: string;
  /** The account whose role may make the call: where to sign in when credentials are missing or refused. */
  readonly account: string;
  /** The region called, for the sentence when the service cannot be reached. */
  readonly region: string;
  /**
   * The service's own errors that it words itself (a cluster, listener or function that does not exist, a
   * refused parameter): the answer for the error, or undefined for one it does not know. Asked right after
   * missing credentials, before any other rung.
   * @default - the service words no error of its own
   */
  readonly ownErrors?: (fields: AwsErrorFields) => Own | undefined;
  /**
   * The error names that mean the caller's role may not make the call; they are worded like refused credentials.
   * Services differ: most answer `AccessDeniedException`, the query protocols `AccessDenied`.
   */
  readonly accessDenied: readonly string[];
  /**
   * Appended after `; ` to the sentences for missing and refused credentials: another way to credentials that
   * may make the call.
   * @default - nothing appended
   */
  readonly credentialsHint?: string;
  /**
   * The sentence for throttling, for a service that says more than to wait.
   * @default - `<service> throttled <operation> on <where>; wait a moment and run again`
   */
  readonly throttled?: (fields: AwsErrorFields) => string;
  /**
   * What the call was for, in `cannot reach <service> in <region> <reachFor> (<code>: <message>)`.
   * @default - `for <operation>`
   */
  readonly reachFor?: string;
}

/**
 * One sentence for an SDK error of `call`, down one ladder for every command that calls AWS: missing credentials,
 * then the service's own errors, then access denied or refused credentials, then throttling, then a service that
 * could not be reached, then anything else. Returns what `ownErrors` answers as it is.
 */
export function explainAwsError<Own = string>(error: unknown, call: AwsCall<Own>): string | Own {
  const fields = errorFields(error);
  const { service, operation, where, account, region } = call;
  const withHint = (sentence: string): string =>
    call.credentialsHint === undefined ? sentence : `${sentence}; ${call.credentialsHint}`;
  if (isMissingCredentials(fields)) return withHint(missingCredentialsMessage(where, account));
  const own = call.ownErrors?.(fields);
  if (own !== undefined) return own;
  if (call.accessDenied.includes(fields.name) || isRefusedCredentials(fields)) {
    return withHint(refusedCredentialsMessage(service, operation, where, account, fields));
  }
  if (isThrottling(fields)) {
    return call.throttled?.(fields) ?? `${service} throttled ${operation} on ${where}; wait a moment and run again`;
  }
  if (isUnreachable(fields)) {
    const reachFor = call.reachFor ?? `for ${operation}`;
    return `cannot reach ${service} in ${region} ${reachFor} (${fields.code ?? fields.name}: ${fields.message})`;
  }
  return `${service} ${operation} failed for ${where}: ${fields.name}: ${fields.message}`;
}
