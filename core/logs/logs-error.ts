import { explainAwsError, type AwsErrorFields } from '../aws-errors';

/**
 * Why `logs` stopped: `input` a flag the command or the service refused (exit 2), `not-found` nothing to read
 * yet (no task definition, log group or stream; exit 3), `failed` anything else (exit 1).
 */
export type LogsFailure = 'input' | 'not-found' | 'failed';

/** A reason `logs` cannot read, in one sentence that says what to do; no stack trace. */
export class LogsError extends Error {
  override readonly name = 'LogsError';

  constructor(
    readonly failure: LogsFailure,
    message: string,
  ) {
    super(message);
  }
}

/** The call that failed: which service and operation, on what, and the account whose role may make it. */
export interface FailedCall {
  readonly service: 'ECS' | 'CodeBuild' | 'CloudWatch Logs';
  readonly operation: string;
  /** What was asked about, e.g. `log group G (account A, eu-west-1)`. */
  readonly where: string;
  readonly account: string;
  readonly region: string;
  /** The environment, for the hint that it may not be deployed yet. */
  readonly environment: string;
  /** The log group and stream prefix read, for FilterLogEvents. */
  readonly logs?: { readonly group: string; readonly streamPrefix?: string };
  /** The --filter pattern, when one was given: an invalid parameter is then most likely it. */
  readonly filterPattern?: string;
}

/** Turns an SDK error into a LogsError, worded like `status` words the same failures. */
export function explainLogsError(error: unknown, call: FailedCall): LogsError {
  if (error instanceof LogsError) return error;
  const { service, operation, where, account, region } = call;
  const answer = explainAwsError(error, {
    service,
    operation,
    where,
    account,
    region,
    ownErrors: (fields) => ownLogsError(fields, call),
    accessDenied: ['AccessDeniedException', 'AccessDenied'],
    throttled: ({ name, message }) =>
      `${service} kept throttling ${operation} for ${where} (${name}: ${message}); try again in a minute, ` +
      'or read less at once with a shorter --since or a --filter',
  });
  return typeof answer === 'string' ? new LogsError('failed', answer) : answer;
}

/** The errors `logs` words itself: nothing to read yet (exit 3), or a --filter the service refused (exit 2). */
function ownLogsError({ name, message }: AwsErrorFields, call: FailedCall): LogsError | undefined {
  const { service, where, account, environment } = call;
  const notDeployed = `has the ${environment} environment been deployed, and are your credentials for its account ${account}?`;
  if (name === 'ResourceNotFoundException') return notFound(call, message, notDeployed);
  // ECS answers an unknown family with a ClientException, not a not-found error.
  if (service === 'ECS' && name === 'ClientException' && /unable to describe task definition/i.test(message)) {
    return new LogsError('not-found', `${where} has no ACTIVE revision (${message}): ${notDeployed}`);
  }
  if (name === 'InvalidParameterException' && call.filterPattern !== undefined) {
    return new LogsError(
      'input',
      `--filter: CloudWatch Logs refused the pattern '${call.filterPattern}' (${message}); use the CloudWatch Logs ` +
        'filter pattern syntax, e.g. ERROR, "connection refused" or { $.level = "error" }',
    );
  }
  return undefined;
}

/** CloudWatch Logs says "The specified log group does not exist." or "... log stream does not exist.". */
function notFound(call: FailedCall, message: string, notDeployed: string): LogsError {
  const { logs, account, region } = call;
  if (logs !== undefined && /log stream/i.test(message)) {
    const streams =
      logs.streamPrefix === undefined ? 'no log stream' : `no log stream starting with ${logs.streamPrefix}`;
    return new LogsError(
      'not-found',
      `log group ${logs.group} (account ${account}, ${region}) has ${streams} (${message}): ` +
        'has a task of the service started since it was deployed?',
    );
  }
  const what = logs === undefined ? call.where : `log group ${logs.group} (account ${account}, ${region})`;
  return new LogsError('not-found', `${what} does not exist (${message}): ${notDeployed}`);
}
