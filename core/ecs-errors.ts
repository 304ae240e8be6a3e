import { explainAwsError } from './aws-errors';

/** The cluster an ECS call was about, for its messages. */
export interface EcsPlace {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly cluster: string;
}

/** One sentence for an ECS SDK error of `operation`: what went wrong on which cluster, and what to do. */
export function explainEcsError(error: unknown, operation: string, place: EcsPlace): string {
  return explainAwsError(error, {
    service: 'ECS',
    operation,
    where: `cluster ${place.cluster} (account ${place.account}, ${place.region})`,
    account: place.account,
    region: place.region,
    ownErrors: ({ name }) =>
      name === 'ClusterNotFoundException'
        ? `ECS cluster ${place.cluster} does not exist in ${place.region}: has the ${place.environment} environment ` +
          `been deployed, and are your credentials for its account ${place.account}?`
        : undefined,
    accessDenied: ['AccessDeniedException'],
  });
}
