import { DescribeServicesCommand, type ECSClient, type Failure, type Service } from '@aws-sdk/client-ecs';
import { explainEcsError, type EcsPlace } from '../ecs-errors';
import { DeploymentsError } from './deployments-error';

/** Where an environment's workers run: its cluster, account and region, for the call and its messages. */
export type WorkerCluster = EcsPlace;

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
      throw new DeploymentsError(explainEcsError(error, 'DescribeServices', where));
    }
    found.push(...(answer.services ?? []));
    failures.push(...(answer.failures ?? []));
  }
  return { services: found, failures };
}
