import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { Logger } from '@aws-lambda-powertools/logger';
import { CODEDEPLOY_TIMEOUTS } from '../../core/deployments/codedeploy-calls';
import { ELB_TIMEOUTS } from '../../core/listeners/elb-calls';
import { repointEnvironment } from '../../core/listeners/repoint-environment';
import { formatChange } from '../../core/listeners/repoint-listeners';
import { ECS_TIMEOUTS } from '../../core/run-task/ecs-calls';
import type { RepointResult } from '../../model/lambda-contracts';
import { readRepointSettings } from './repoint-settings';

/*
 * The environment's listener re-point, as the only thing whoever may invoke this function can make it do. It takes
 * no input: the event is never read, so no field of it can change what happens. The listeners, target groups and
 * deployment groups come from its environment variables, which its stack set; its role may modify only those
 * listeners and their rules. Failures are thrown as one line, which Lambda returns as the invocation's error.
 */

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'listener-repoint' });

export async function handler(): Promise<RepointResult> {
  const settings = readRepointSettings(process.env);
  const clients = {
    codeDeploy: new CodeDeployClient({ requestHandler: CODEDEPLOY_TIMEOUTS }),
    ecs: new ECSClient({ requestHandler: ECS_TIMEOUTS }),
    elb: new ElasticLoadBalancingV2Client({ requestHandler: ELB_TIMEOUTS }),
  };
  try {
    const changes = await repointEnvironment(clients, settings.targets, {
      dryRun: false,
      onChanges: (applied) => applied.forEach((change) => logger.info(formatChange(change, true))),
    });
    return { environment: settings.environment, changes: changes.map((change) => formatChange(change, true)) };
  } catch (error) {
    logger.error('listener re-point failed', { error: (error as Error).message });
    throw error;
  } finally {
    clients.codeDeploy.destroy();
    clients.ecs.destroy();
    clients.elb.destroy();
  }
}
