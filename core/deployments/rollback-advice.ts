import type { DeploymentGroupInfo, DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { describeGroup, type GroupRef } from './group-ref';
import { describeRevision, taskDefinitionOf } from './revision-summary';
import { formatTime } from './time-format';

export interface RollbackAdviceInput {
  readonly ref: GroupRef;
  readonly group: DeploymentGroupInfo;
  /** GetDeployment of the group's last successful deployment, when it has one. */
  readonly lastSuccessful?: DeploymentInfo;
}

/**
 * What to do when nothing is running: StopDeployment has nothing to act on, so going back means
 * deploying the revision that was live before the last successful deployment again.
 */
export function formatRollbackAdvice({ ref, group, lastSuccessful }: RollbackAdviceInput): string {
  const lines = [
    `No deployment of ${describeGroup(ref)} is running, so there is nothing to stop; nothing was changed.`,
  ];
  const attempted = group.lastAttemptedDeployment;
  if (attempted?.deploymentId && attempted.deploymentId !== lastSuccessful?.deploymentId) {
    lines.push(
      `Last attempted: ${attempted.deploymentId} ${attempted.status ?? '(status not reported)'}, ended ${formatTime(attempted.endTime)}` +
        (attempted.status === 'Failed' || attempted.status === 'Stopped'
          ? ' (CodeDeploy keeps the last successful revision live)'
          : ''),
    );
  }
  if (lastSuccessful?.deploymentId === undefined) {
    lines.push('No deployment of this group has succeeded yet, so there is no earlier revision to go back to.');
    return lines.join('\n') + '\n';
  }
  const id = lastSuccessful.deploymentId;
  lines.push(
    `Live now: ${id}, completed ${formatTime(lastSuccessful.completeTime)}, ${describeRevision(lastSuccessful.revision)}`,
  );
  const previous = lastSuccessful.previousRevision;
  const region = `--region ${ref.region}`;
  lines.push('');
  if (previous === undefined) {
    lines.push(
      `CodeDeploy does not report the revision before ${id}. To go back, find an earlier successful deployment:`,
      `    aws deploy list-deployments ${region} --application-name ${ref.application} --deployment-group-name ${ref.deploymentGroup} --include-only-statuses Succeeded`,
      `  then redeploy its revision (aws deploy get-deployment --deployment-id ID --query deploymentInfo.revision) as below,`,
      `  or revert the change in git and push so the pipeline deploys the previous commit.`,
    );
    return lines.join('\n') + '\n';
  }
  const previousTaskDefinition = taskDefinitionOf(previous);
  lines.push(
    `The revision before it: ${describeRevision(previous)}`,
    '',
    'To go back to that revision:',
    '  1. Preferred: revert the change in git and push (or re-run the pipeline at the previous commit), so every',
    "     environment and the pipeline's image stay in step.",
    '  2. Directly with CodeDeploy (the next pipeline run deploys the newest commit again):',
    `       aws deploy get-deployment ${region} --deployment-id ${id} --query deploymentInfo.previousRevision --output json > previous-revision.json`,
    `       aws deploy create-deployment ${region} --application-name ${ref.application} --deployment-group-name ${ref.deploymentGroup} --revision file://previous-revision.json`,
  );
  if (previousTaskDefinition !== undefined) {
    lines.push(`     ${previousTaskDefinition} must still be ACTIVE (not deregistered) for that to work.`);
  }
  return lines.join('\n') + '\n';
}
