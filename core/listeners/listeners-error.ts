import { explainAwsError } from '../aws-errors';

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
  return explainAwsError(error, {
    service: 'Elastic Load Balancing',
    operation,
    where: `${what} (account ${place.account}, ${place.region})`,
    account: place.account,
    region: place.region,
    ownErrors: ({ name }) =>
      name === 'ListenerNotFoundException' || name === 'RuleNotFoundException'
        ? `Elastic Load Balancing ${operation}: ${what} does not exist in ${place.region}: has the ${place.environment} ` +
          `environment been deployed, and are your credentials for its account ${place.account}?`
        : undefined,
    accessDenied: ['AccessDenied', 'AccessDeniedException'],
  });
}
