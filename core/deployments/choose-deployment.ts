import type { DeploymentGroupInfo, DeploymentInfo } from '@aws-sdk/client-codedeploy';

/** Which deployment `status` shows when no id is given. */
export type DeploymentChoice =
  | { readonly kind: 'running'; readonly deployment: DeploymentInfo }
  | { readonly kind: 'last attempted'; readonly deploymentId: string }
  | { readonly kind: 'none' };

/**
 * The newest running deployment, else the group's last attempted one. ListDeployments documents no
 * order, so the running ones are compared by createTime; the last attempted one comes from
 * GetDeploymentGroup, which CodeDeploy keeps for exactly this question.
 */
export function chooseDeployment(running: readonly DeploymentInfo[], group: DeploymentGroupInfo): DeploymentChoice {
  const newest = newestFirst(running)[0];
  if (newest !== undefined) return { kind: 'running', deployment: newest };
  const lastId = group.lastAttemptedDeployment?.deploymentId;
  return lastId ? { kind: 'last attempted', deploymentId: lastId } : { kind: 'none' };
}

/** Newest createTime first; a deployment without one sorts last, ties by id so the order is stable. */
export function newestFirst(deployments: readonly DeploymentInfo[]): DeploymentInfo[] {
  const time = (d: DeploymentInfo) => d.createTime?.getTime() ?? Number.NEGATIVE_INFINITY;
  return [...deployments].sort(
    (a, b) => time(b) - time(a) || (a.deploymentId ?? '').localeCompare(b.deploymentId ?? '') || 0,
  );
}

/** Why `--deployment-id` names a deployment of another group, or undefined when it is this group's. */
export function foreignDeploymentProblem(
  deployment: DeploymentInfo,
  expected: { readonly application: string; readonly deploymentGroup: string; readonly environment: string },
): string | undefined {
  if (
    deployment.applicationName === expected.application &&
    deployment.deploymentGroupName === expected.deploymentGroup
  ) {
    return undefined;
  }
  return (
    `deployment ${deployment.deploymentId} belongs to ${deployment.applicationName ?? '?'}/${deployment.deploymentGroupName ?? '?'}, ` +
    `not to ${expected.application}/${expected.deploymentGroup} of environment ${expected.environment}`
  );
}
