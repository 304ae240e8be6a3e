import type { DeploymentStatus } from '@aws-sdk/client-codedeploy';

/** Statuses of a deployment that has not finished: StopDeployment still applies to them. */
export const RUNNING_STATUSES = [
  'Created',
  'Queued',
  'InProgress',
  'Baking',
  'Ready',
] as const satisfies readonly DeploymentStatus[];

const FINISHED_STATUSES: readonly string[] = ['Succeeded', 'Failed', 'Stopped'] satisfies DeploymentStatus[];

export type DeploymentPhase = 'running' | 'finished' | 'unknown';

/** A status CodeDeploy may add later is 'unknown', never silently treated as finished or running. */
export function deploymentPhase(status: string | undefined): DeploymentPhase {
  if (status === undefined) return 'unknown';
  if ((RUNNING_STATUSES as readonly string[]).includes(status)) return 'running';
  return FINISHED_STATUSES.includes(status) ? 'finished' : 'unknown';
}
