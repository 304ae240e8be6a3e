import type { Deployment, Service } from '@aws-sdk/client-ecs';

/** Where one worker's move stands after a DescribeServices read. */
export type RolloutVerdict =
  | { readonly kind: 'completed' }
  | { readonly kind: 'in-progress'; readonly progress: string }
  | { readonly kind: 'failed'; readonly reason: string };

/**
 * Judges a worker's move to `taskDefinitionArn` from the service as ECS describes it. `deploymentId` is the deployment
 * UpdateService started (undefined when its answer named none). Done only when the PRIMARY deployment runs exactly
 * that revision and its rolloutState is COMPLETED; FAILED (the circuit breaker or a deployment alarm), a PRIMARY
 * deployment of another revision (rolled back, or updated by someone else), a service that is not ACTIVE and any
 * state ECS does not document are failures.
 */
export function judgeRollout(
  service: Service | undefined,
  taskDefinitionArn: string,
  deploymentId: string | undefined,
): RolloutVerdict {
  if (service === undefined) return { kind: 'failed', reason: 'the service is not in the cluster' };
  if (service.status !== 'ACTIVE')
    return { kind: 'failed', reason: `the service is ${service.status ?? 'in no status'}` };
  const deployments = service.deployments ?? [];
  const ours = deploymentId === undefined ? undefined : deployments.find((d) => d.id === deploymentId);
  if (ours?.rolloutState === 'FAILED') return { kind: 'failed', reason: failedText(ours) };
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  if (primary === undefined) return { kind: 'failed', reason: 'ECS lists no PRIMARY deployment' };
  if (primary.taskDefinition !== taskDefinitionArn) {
    return {
      kind: 'failed',
      reason:
        `its PRIMARY deployment ${primary.id ?? ''} runs ${revisionOf(primary.taskDefinition)}, not ` +
        `${revisionOf(taskDefinitionArn)}: rolled back, or updated by someone else`,
    };
  }
  switch (primary.rolloutState) {
    case 'COMPLETED':
      return { kind: 'completed' };
    case 'IN_PROGRESS':
      return {
        kind: 'in-progress',
        progress: `IN_PROGRESS, ${primary.runningCount ?? '?'}/${primary.desiredCount ?? '?'} tasks running${primary.failedTasks ? `, ${primary.failedTasks} failed` : ''}`,
      };
    case 'FAILED':
      return { kind: 'failed', reason: failedText(primary) };
    default:
      return {
        kind: 'failed',
        reason: `its PRIMARY deployment is in rollout state ${primary.rolloutState ?? '(none reported)'}, which roll-workers does not know`,
      };
  }
}

function failedText(deployment: Deployment): string {
  return (
    `deployment ${deployment.id ?? ''} of ${revisionOf(deployment.taskDefinition)} FAILED` +
    `${deployment.rolloutStateReason ? `: ${deployment.rolloutStateReason}` : ''} (circuit breaker or deployment alarm)`
  );
}

/** `arn:…:task-definition/app-staging-worker:12` → `app-staging-worker:12`. */
export function revisionOf(taskDefinition: string | undefined): string {
  return taskDefinition?.split('/').pop() ?? '(none)';
}
