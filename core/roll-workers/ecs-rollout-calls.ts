import {
  DescribeServicesCommand,
  type ECSClient,
  type Failure,
  type Service,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { errorFields, isTransientError } from '../aws-errors';
import { explainEcsError, type EcsPlace } from '../ecs-errors';
import type { ServicesRead, WorkerRolloutApi } from './roll-workers';

/** DescribeServices answers at most 10 services per call. */
const SERVICES_PER_CALL = 10;

/** The real ECS calls on the environment's cluster; every refusal is one line naming the cluster and account. */
export function ecsRolloutApi(client: ECSClient, where: EcsPlace): WorkerRolloutApi {
  return {
    update: async (service, taskDefinitionArn) => {
      let answer;
      try {
        answer = await client.send(
          new UpdateServiceCommand({ cluster: where.cluster, service, taskDefinition: taskDefinitionArn }),
        );
      } catch (error) {
        throw new Error(explainEcsError(error, 'UpdateService', where));
      }
      return answer.service?.deployments?.find((d) => d.status === 'PRIMARY' && d.taskDefinition === taskDefinitionArn)
        ?.id;
    },
    describe: async (services): Promise<ServicesRead> => {
      const found: Service[] = [];
      const failures: Failure[] = [];
      for (let start = 0; start < services.length; start += SERVICES_PER_CALL) {
        try {
          const answer = await client.send(
            new DescribeServicesCommand({
              cluster: where.cluster,
              services: services.slice(start, start + SERVICES_PER_CALL),
            }),
          );
          found.push(...(answer.services ?? []));
          failures.push(...(answer.failures ?? []));
        } catch (error) {
          if (isTransientError(error)) return { kind: 'retry', reason: `${errorFields(error).name}` };
          return { kind: 'fatal', reason: explainEcsError(error, 'DescribeServices', where) };
        }
      }
      return { kind: 'answer', services: found, failures };
    },
  };
}
