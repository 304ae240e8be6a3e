import type { DeploymentInfo, RevisionLocation } from '@aws-sdk/client-codedeploy';
import { taskDefinitionOf } from './revision-summary';

/** What `rollback --to-previous` would deploy again, or why it cannot. */
export type PreviousRevision =
  | {
      readonly kind: 'ready';
      /** The live deployment, whose previous revision goes back. */
      readonly liveDeploymentId: string;
      readonly liveTaskDefinition: string | undefined;
      readonly revision: RevisionLocation;
      readonly taskDefinition: string;
    }
  | { readonly kind: 'none'; readonly reason: string };

/**
 * The revision that was live before the group's last successful deployment. Only an inline ECS appspec is
 * redeployed: it names the task definition and the lifecycle hooks, so the redeployment runs the same hooks
 * and the group's alarms and deployment configuration, and nothing else is guessed.
 */
export function previousRevisionOf(lastSuccessful: DeploymentInfo | undefined): PreviousRevision {
  const liveDeploymentId = lastSuccessful?.deploymentId;
  if (lastSuccessful === undefined || liveDeploymentId === undefined) {
    return { kind: 'none', reason: 'no deployment of this group has succeeded yet, so there is no earlier revision' };
  }
  const revision = lastSuccessful.previousRevision;
  if (revision === undefined) {
    return {
      kind: 'none',
      reason: `CodeDeploy does not report the revision before ${liveDeploymentId} (its first deployment?)`,
    };
  }
  const taskDefinition = taskDefinitionOf(revision);
  if (taskDefinition === undefined) {
    return {
      kind: 'none',
      reason: `the revision before ${liveDeploymentId} holds no ECS appspec with a task definition (${revision.revisionType ?? 'unknown type'})`,
    };
  }
  return {
    kind: 'ready',
    liveDeploymentId,
    liveTaskDefinition: taskDefinitionOf(lastSuccessful.revision),
    revision,
    taskDefinition,
  };
}
