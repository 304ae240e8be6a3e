import { DescribeServicesCommand, type ECSClient, type Failure, type Service } from '@aws-sdk/client-ecs';
import {
  errorFields,
  isMissingCredentials,
  isRefusedCredentials,
  isUnreachable,
  missingCredentialsMessage,
  refusedCredentialsMessage,
} from '../aws-errors';
import { DeploymentsError } from './deployments-error';

/** Where an environment's workers run: its cluster, account and region, for the call and its messages. */
export interface WorkerCluster {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly cluster: string;
}

/** DescribeServices answers at most 10 services per call. */
const SERVICES_PER_CALL = 10;

/** The workers' ECS services as ECS describes them, and the names it could not find (MISSING). */
export async function describeWorkerServices(
  client: ECSClient,
  where: WorkerCluster,
  services: readonly string[],
): Promise<{ services: Service[]; failures: Failure[] }> {
  const found: Service[] = [];
  const failures: Failure[] = [];
  for (let start = 0; start < services.length; start += SERVICES_PER_CALL) {
    const batch = services.slice(start, start + SERVICES_PER_CALL);
    let answer;
    try {
      answer = await client.send(new DescribeServicesCommand({ cluster: where.cluster, services: batch }));
    } catch (error) {
      throw new DeploymentsError(explainEcsError(error, where));
    }
    found.push(...(answer.services ?? []));
    failures.push(...(answer.failures ?? []));
  }
  return { services: found, failures };
}

function explainEcsError(error: unknown, where: WorkerCluster): string {
  const fields = errorFields(error);
  const place = `cluster ${where.cluster} (account ${where.account}, ${where.region})`;
  if (isMissingCredentials(fields)) return missingCredentialsMessage(place, where.account);
  if (fields.name === 'ClusterNotFoundException') {
    return `ECS cluster ${where.cluster} does not exist in ${where.region}: has the ${where.environment} environment been deployed, and are your credentials for its account ${where.account}?`;
  }
  if (fields.name === 'AccessDeniedException' || isRefusedCredentials(fields)) {
    return refusedCredentialsMessage('ECS', 'DescribeServices', place, where.account, fields);
  }
  if (isUnreachable(fields)) {
    return `cannot reach ECS in ${where.region} for DescribeServices (${fields.code ?? fields.name}: ${fields.message})`;
  }
  return `ECS DescribeServices failed for ${place}: ${fields.name}: ${fields.message}`;
}
