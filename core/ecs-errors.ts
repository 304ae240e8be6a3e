import {
  errorFields,
  isMissingCredentials,
  isRefusedCredentials,
  isThrottling,
  isUnreachable,
  missingCredentialsMessage,
  refusedCredentialsMessage,
} from './aws-errors';

/** The cluster an ECS call was about, for its messages. */
export interface EcsPlace {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly cluster: string;
}

/** One sentence for an ECS SDK error of `operation`: what went wrong on which cluster, and what to do. */
export function explainEcsError(error: unknown, operation: string, place: EcsPlace): string {
  const fields = errorFields(error);
  const where = `cluster ${place.cluster} (account ${place.account}, ${place.region})`;
  if (isMissingCredentials(fields)) return missingCredentialsMessage(where, place.account);
  if (fields.name === 'ClusterNotFoundException') {
    return (
      `ECS cluster ${place.cluster} does not exist in ${place.region}: has the ${place.environment} environment been ` +
      `deployed, and are your credentials for its account ${place.account}?`
    );
  }
  if (fields.name === 'AccessDeniedException' || isRefusedCredentials(fields)) {
    return refusedCredentialsMessage('ECS', operation, where, place.account, fields);
  }
  if (isThrottling(fields)) return `ECS throttled ${operation} on ${where}; wait a moment and run again`;
  if (isUnreachable(fields)) {
    return `cannot reach ECS in ${place.region} for ${operation} (${fields.code ?? fields.name}: ${fields.message})`;
  }
  return `ECS ${operation} failed for ${where}: ${fields.name}: ${fields.message}`;
}
