import type { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import {
  createDeployment,
  getDeployment,
  getDeploymentGroup,
  newestFirst,
  previousRevisionOf,
  runningDeployments,
  type GroupRef,
} from '../../core/deployments';
import type { CliContext } from '../context';
import { confirmed, NOTHING_CHANGED } from './confirm';

/**
 * `rollback --to-previous`: deploys the revision that was live before the group's last successful deployment
 * again, blue/green, after asking. A running deployment is never raced: it is stopped with plain `rollback`.
 */
export async function rollbackToPrevious(
  client: CodeDeployClient,
  ref: GroupRef,
  context: CliContext,
  yes: boolean,
): Promise<number> {
  const [running] = newestFirst(await runningDeployments(client, ref));
  if (running?.deploymentId !== undefined) {
    context.stderr(
      `rollback --to-previous: ${running.deploymentId} is still ${running.status ?? 'running'} in ${ref.environment}; ` +
        `stop it first with \`bluegreen rollback -e ${ref.environment}\` (its traffic goes back to blue). Nothing was deployed.\n`,
    );
    return NOTHING_CHANGED;
  }
  const group = await getDeploymentGroup(client, ref);
  const lastId = group.lastSuccessfulDeployment?.deploymentId;
  const previous = previousRevisionOf(lastId ? await getDeployment(client, ref, lastId) : undefined);
  if (previous.kind === 'none') {
    context.stderr(`rollback --to-previous: ${previous.reason}. Nothing was deployed.\n`);
    return NOTHING_CHANGED;
  }
  context.stdout(
    `Live now: ${previous.liveDeploymentId}, task definition ${previous.liveTaskDefinition ?? '(not reported)'}\n` +
      `Deploys again: task definition ${previous.taskDefinition}, the revision before it, blue/green with its hooks ` +
      `and the group's alarms and deployment configuration. It must still be ACTIVE in ECS.\n`,
  );
  const question = `Deploy ${previous.taskDefinition} to ${ref.environment} again?`;
  if (!(await confirmed(question, { verb: 'deploy', done: 'deployed' }, context, yes))) return NOTHING_CHANGED;
  const deploymentId = await createDeployment(
    client,
    ref,
    previous.revision,
    `bluegreen rollback --to-previous: the revision before ${previous.liveDeploymentId}`,
  );
  context.stdout(
    `CodeDeploy started ${deploymentId}. Follow it with \`bluegreen status -e ${ref.environment}\`; ` +
      `the next pipeline run deploys the newest commit again.\n`,
  );
  return 0;
}
