import {
  errorFields,
  isMissingCredentials,
  isRefusedCredentials,
  isThrottling,
  isUnreachable,
  missingCredentialsMessage,
  refusedCredentialsMessage,
} from '../aws-errors';

/** A call that failed, or a state the re-point does not act on; the message says what to do, without a stack trace. */
export class ListenersError extends Error {
  override readonly name = 'ListenersError';
}

/** Where an Elastic Load Balancing call was made, for its messages. */
export interface ElbPlace {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
}

/** One sentence for an Elastic Load Balancing SDK error of `operation` on `what` (a listener or rule ARN). */
export function explainElbError(error: unknown, operation: string, what: string, place: ElbPlace): string {
  const fields = errorFields(error);
  const where = `${what} (account ${place.account}, ${place.region})`;
  if (isMissingCredentials(fields)) return missingCredentialsMessage(where, place.account);
  if (fields.name === 'ListenerNotFoundException' || fields.name === 'RuleNotFoundException') {
    return (
      `Elastic Load Balancing ${operation}: ${what} does not exist in ${place.region}: has the ${place.environment} ` +
      `environment been deployed, and are your credentials for its account ${place.account}?`
    );
  }
  if (fields.name === 'AccessDenied' || fields.name === 'AccessDeniedException' || isRefusedCredentials(fields)) {
    return refusedCredentialsMessage('Elastic Load Balancing', operation, where, place.account, fields);
  }
  if (isThrottling(fields))
    return `Elastic Load Balancing throttled ${operation} on ${where}; wait a moment and run again`;
  if (isUnreachable(fields)) {
    return `cannot reach Elastic Load Balancing in ${place.region} for ${operation} (${fields.code ?? fields.name}: ${fields.message})`;
  }
  return `Elastic Load Balancing ${operation} failed for ${where}: ${fields.name}: ${fields.message}`;
}
