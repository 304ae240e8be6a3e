import type { StopDeploymentOutput } from '@aws-sdk/client-codedeploy';

export interface StopOutcome {
  /** CodeDeploy accepted the stop; anything else is a failure, even an unfamiliar success-looking answer. */
  readonly accepted: boolean;
  readonly text: string;
}

/** Reads StopDeployment's answer: Succeeded or Pending mean the rollback to blue is under way. */
export function describeStopResult(
  deploymentId: string,
  output: StopDeploymentOutput,
  environment: string,
): StopOutcome {
  const detail = output.statusMessage ? `: ${output.statusMessage}` : '';
  const follow = `Follow the rollback with: bluegreen status --environment ${environment}`;
  switch (output.status) {
    case 'Succeeded':
      return {
        accepted: true,
        text: `Stopped ${deploymentId}; CodeDeploy is rolling back to the original (blue) task set (Succeeded${detail}).\n${follow}\n`,
      };
    case 'Pending':
      return {
        accepted: true,
        text: `CodeDeploy accepted the stop of ${deploymentId} and rolls back to blue once it takes effect (Pending${detail}).\n${follow}\n`,
      };
    default:
      return {
        accepted: false,
        text: `CodeDeploy answered StopDeployment for ${deploymentId} with status '${output.status ?? 'none'}'${detail}; it is not known whether the deployment stopped. ${follow}\n`,
      };
  }
}
