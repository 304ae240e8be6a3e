import type { CodeDeployClient, DeploymentGroupInfo, DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { chooseDeployment } from './choose-deployment';
import { getDeployment, getDeploymentGroup, listRunningDeploymentIds } from './codedeploy-calls';
import { DeploymentsError } from './deployments-error';
import type { GroupRef } from './group-ref';

/** CodeDeploy lets an ECS group run one deployment at a time; far more means the answer is wrong. */
export const MAX_RUNNING = 10;

export type LocateReason = 'requested' | 'running' | 'last attempted' | 'none';

export interface LocatedDeployment {
  readonly group: DeploymentGroupInfo;
  readonly reason: LocateReason;
  /** Absent only when reason is 'none': the group has never deployed. */
  readonly deployment?: DeploymentInfo;
}

/** The group (which proves it exists) and the deployment to report: the one asked for, else the newest running, else the last. */
export async function locateDeployment(
  client: CodeDeployClient,
  ref: GroupRef,
  requestedId?: string,
): Promise<LocatedDeployment> {
  const group = await getDeploymentGroup(client, ref);
  if (requestedId !== undefined) {
    return { group, reason: 'requested', deployment: await getDeployment(client, ref, requestedId) };
  }
  const running = await runningDeployments(client, ref);
  const choice = chooseDeployment(running, group);
  switch (choice.kind) {
    case 'running':
      return { group, reason: 'running', deployment: choice.deployment };
    case 'last attempted':
      return { group, reason: 'last attempted', deployment: await getDeployment(client, ref, choice.deploymentId) };
    case 'none':
      return { group, reason: 'none' };
  }
}

/** Every unfinished deployment of the group with its details, so the newest can be picked by createTime. */
export async function runningDeployments(client: CodeDeployClient, ref: GroupRef): Promise<DeploymentInfo[]> {
  const ids = await listRunningDeploymentIds(client, ref);
  if (ids.length > MAX_RUNNING) {
    throw new DeploymentsError(
      `CodeDeploy lists ${ids.length} unfinished deployments for ${ref.deploymentGroup}; a group runs one at a time, so this answer is not trusted`,
    );
  }
  const deployments: DeploymentInfo[] = [];
  for (const id of ids) deployments.push(await getDeployment(client, ref, id));
  return deployments;
}
