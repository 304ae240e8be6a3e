import type { Deployment, Failure, Service } from '@aws-sdk/client-ecs';
import { formatTime } from './time-format';

/**
 * The workers' rollouts, one block per worker: each ECS deployment (PRIMARY is the one rolling in) with its
 * rollout state, task counts, failed tasks and task definition revision, and whether the circuit breaker is
 * on and rolls back. A worker ECS does not know is said so, never left out.
 */
export function formatWorkerRollouts(
  expected: readonly string[],
  services: readonly Service[],
  failures: readonly Failure[],
): string {
  const lines = ['Workers (ECS rolling deployments):'];
  for (const name of expected) {
    const service = services.find((s) => s.serviceName === name);
    if (service === undefined) {
      const failure = failures.find((f) => f.arn?.endsWith(`/${name}`) || f.arn === name);
      lines.push(`  ${name}  not found in the cluster (${failure?.reason ?? 'not reported'})`);
      continue;
    }
    const breaker = service.deploymentConfiguration?.deploymentCircuitBreaker;
    const breakerText = breaker?.enable ? `on${breaker.rollback ? ', rolls back' : ', does not roll back'}` : 'off';
    lines.push(
      `  ${name}  ${service.status ?? '?'}  tasks ${service.runningCount ?? '?'}/${service.desiredCount ?? '?'} running  circuit breaker ${breakerText}`,
    );
    for (const deployment of service.deployments ?? []) lines.push(`    ${describeDeployment(deployment)}`);
  }
  return `${lines.join('\n')}\n`;
}

function describeDeployment(deployment: Deployment): string {
  const revision = deployment.taskDefinition?.split('/').pop() ?? '?';
  const state = deployment.rolloutState ?? 'state not reported';
  const reason = deployment.rolloutStateReason ? ` (${deployment.rolloutStateReason})` : '';
  const failed = deployment.failedTasks ? `, ${deployment.failedTasks} failed` : '';
  return (
    `${(deployment.status ?? '?').padEnd(8)} ${state}${reason}  ${revision}  ` +
    `tasks ${deployment.runningCount ?? '?'}/${deployment.desiredCount ?? '?'}${failed}  since ${formatTime(deployment.createdAt)}`
  );
}
