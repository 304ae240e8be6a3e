import {
  CreateDeploymentCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  StopDeploymentCommand,
  type CodeDeployClient,
  type DeploymentGroupInfo,
  type DeploymentInfo,
  type DeploymentTarget,
  type RevisionLocation,
  type StopDeploymentOutput,
} from '@aws-sdk/client-codedeploy';
import { RUNNING_STATUSES } from './deployment-status';
import { DeploymentsError, explainCodeDeployError } from './deployments-error';
import type { GroupRef } from './group-ref';

/** A group runs one deployment at a time; more pages than this mean the endpoint is looping. */
export const MAX_PAGES = 20;
/** An ECS deployment has one target (cluster:service); a few more are reported, the rest counted. */
export const MAX_TARGETS = 5;

/** Socket bounds for every CodeDeploy call, so no command waits forever on a silent endpoint. */
export const CODEDEPLOY_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 30_000 } as const;

export async function getDeploymentGroup(client: CodeDeployClient, ref: GroupRef): Promise<DeploymentGroupInfo> {
  const answer = await call(ref, 'GetDeploymentGroup', () =>
    client.send(
      new GetDeploymentGroupCommand({ applicationName: ref.application, deploymentGroupName: ref.deploymentGroup }),
    ),
  );
  if (answer.deploymentGroupInfo === undefined) throw malformed('GetDeploymentGroup', 'deploymentGroupInfo');
  return answer.deploymentGroupInfo;
}

/** Ids of the group's deployments that have not finished, over every page. */
export async function listRunningDeploymentIds(client: CodeDeployClient, ref: GroupRef): Promise<string[]> {
  const ids: string[] = [];
  const seenTokens = new Set<string>();
  let nextToken: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await call(ref, 'ListDeployments', () =>
      client.send(
        new ListDeploymentsCommand({
          applicationName: ref.application,
          deploymentGroupName: ref.deploymentGroup,
          includeOnlyStatuses: [...RUNNING_STATUSES],
          nextToken,
        }),
      ),
    );
    ids.push(...(answer.deployments ?? []));
    nextToken = answer.nextToken;
    if (nextToken === undefined || nextToken === '') return [...new Set(ids)];
    if (seenTokens.has(nextToken))
      throw new DeploymentsError(`CodeDeploy ListDeployments repeated the page token '${nextToken}'`);
    seenTokens.add(nextToken);
  }
  throw new DeploymentsError(
    `CodeDeploy ListDeployments kept paginating beyond ${MAX_PAGES} pages of running deployments`,
  );
}

export async function getDeployment(
  client: CodeDeployClient,
  ref: GroupRef,
  deploymentId: string,
): Promise<DeploymentInfo> {
  const answer = await call(ref, 'GetDeployment', () => client.send(new GetDeploymentCommand({ deploymentId })));
  if (answer.deploymentInfo === undefined) throw malformed('GetDeployment', 'deploymentInfo');
  return answer.deploymentInfo;
}

/** The deployment's targets (ECS: one, with task sets and lifecycle events) and how many were left out. */
export async function getDeploymentTargets(
  client: CodeDeployClient,
  ref: GroupRef,
  deploymentId: string,
): Promise<{ targets: DeploymentTarget[]; omitted: number }> {
  const targetIds = await listTargetIds(client, ref, deploymentId);
  const targets: DeploymentTarget[] = [];
  for (const targetId of targetIds.slice(0, MAX_TARGETS)) {
    const answer = await call(ref, 'GetDeploymentTarget', () =>
      client.send(new GetDeploymentTargetCommand({ deploymentId, targetId })),
    );
    if (answer.deploymentTarget === undefined) throw malformed('GetDeploymentTarget', 'deploymentTarget');
    targets.push(answer.deploymentTarget);
  }
  return { targets, omitted: Math.max(0, targetIds.length - MAX_TARGETS) };
}

/** CreateDeployment of `revision` in the group: its deployment configuration, alarms and auto-rollback apply. */
export async function createDeployment(
  client: CodeDeployClient,
  ref: GroupRef,
  revision: RevisionLocation,
  description: string,
): Promise<string> {
  const answer = await call(ref, 'CreateDeployment', () =>
    client.send(
      new CreateDeploymentCommand({
        applicationName: ref.application,
        deploymentGroupName: ref.deploymentGroup,
        revision,
        description,
      }),
    ),
  );
  if (answer.deploymentId === undefined || answer.deploymentId === '')
    throw malformed('CreateDeployment', 'deploymentId');
  return answer.deploymentId;
}

/** StopDeployment with auto-rollback: CodeDeploy moves all traffic back to the original (blue) task set. */
export async function stopDeploymentWithRollback(
  client: CodeDeployClient,
  ref: GroupRef,
  deploymentId: string,
): Promise<StopDeploymentOutput> {
  return call(ref, 'StopDeployment', () =>
    client.send(new StopDeploymentCommand({ deploymentId, autoRollbackEnabled: true })),
  );
}

async function listTargetIds(client: CodeDeployClient, ref: GroupRef, deploymentId: string): Promise<string[]> {
  const ids: string[] = [];
  const seenTokens = new Set<string>();
  let nextToken: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await call(ref, 'ListDeploymentTargets', () =>
      client.send(new ListDeploymentTargetsCommand({ deploymentId, nextToken })),
    );
    ids.push(...(answer.targetIds ?? []));
    nextToken = answer.nextToken;
    if (nextToken === undefined || nextToken === '') return ids;
    if (seenTokens.has(nextToken)) {
      throw new DeploymentsError(`CodeDeploy ListDeploymentTargets repeated the page token '${nextToken}'`);
    }
    seenTokens.add(nextToken);
  }
  throw new DeploymentsError(`CodeDeploy ListDeploymentTargets kept paginating beyond ${MAX_PAGES} pages`);
}

async function call<T>(ref: GroupRef, operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof DeploymentsError) throw error;
    throw new DeploymentsError(explainCodeDeployError(error, operation, ref));
  }
}

function malformed(operation: string, field: string): DeploymentsError {
  return new DeploymentsError(`CodeDeploy answered ${operation} without ${field}; cannot tell the deployment's state`);
}
