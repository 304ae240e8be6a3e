import type {
  DeploymentInfo,
  DeploymentOverview,
  DeploymentTarget,
  LastDeploymentInfo,
} from '@aws-sdk/client-codedeploy';
import { deploymentPhase } from './deployment-status';
import { describeGroup, type GroupRef } from './group-ref';
import { failedEvents, formatLifecycleEvents } from './lifecycle-events';
import type { LocatedDeployment } from './locate-deployment';
import { describeRevision } from './revision-summary';
import { formatDuration, formatTime } from './time-format';
import { formatTaskSets, formatTrafficSplit, trafficSplit } from './traffic-split';

/** Everything `bluegreen status` prints, gathered from CodeDeploy before any formatting. */
export interface DeploymentReport {
  readonly ref: GroupRef;
  readonly located: LocatedDeployment;
  readonly targets: readonly DeploymentTarget[];
  /** Targets beyond MAX_TARGETS that were not read. */
  readonly omittedTargets: number;
}

const HEADINGS: Record<LocatedDeployment['reason'], string> = {
  requested: 'as requested',
  running: 'running now',
  'last attempted': 'the last one; none is running',
  none: '',
};

/** The readable report; `now` turns a running deployment's start into an age. */
export function formatDeploymentReport(report: DeploymentReport, now: Date): string {
  const { ref, located } = report;
  const lines = [`Environment ${ref.environment}: ${describeGroup(ref)}`];
  const deployment = located.deployment;
  if (deployment === undefined) {
    lines.push('No deployment yet: the group has never been deployed to.');
    return lines.join('\n') + '\n';
  }
  const phase = deploymentPhase(deployment.status);
  lines.push(`Deployment ${deployment.deploymentId ?? '?'} (${HEADINGS[located.reason]})`);
  lines.push(...field('Status', describeStatus(deployment, phase)));
  lines.push(...field('Created', describeCreated(deployment, phase, now)));
  lines.push(...field('Completed', formatTime(deployment.completeTime)));
  lines.push(
    ...field('Config', deployment.deploymentConfigName ?? located.group.deploymentConfigName ?? 'not reported'),
  );
  lines.push(...field('Revision', describeRevision(deployment.revision)));
  const overview = describeOverview(deployment.deploymentOverview);
  if (overview) lines.push(...field('Targets', overview));
  if (deployment.errorInformation) {
    const { code, message } = deployment.errorInformation;
    lines.push(...field('Error', [code, message].filter(Boolean).join(': ')));
  }
  const rollback = describeRollback(deployment);
  if (rollback) lines.push(...field('Rollback', rollback));
  for (const message of deployment.deploymentStatusMessages ?? []) lines.push(...field('Message', message));
  const lastSuccess = describeLastSuccess(located.group.lastSuccessfulDeployment, deployment.deploymentId);
  if (lastSuccess) lines.push(...field('Last success', lastSuccess));

  for (const target of report.targets) lines.push('', ...formatTarget(target));
  if (report.targets.length === 0)
    lines.push('', 'Traffic split: no target reported yet (the deployment has not started on ECS)');
  if (report.omittedTargets > 0) lines.push('', `(${report.omittedTargets} more target(s) not shown)`);

  if (phase === 'running') {
    lines.push('', `To stop it and send all traffic back to blue: bluegreen rollback --environment ${ref.environment}`);
  }
  return lines.join('\n') + '\n';
}

function formatTarget(target: DeploymentTarget): string[] {
  const ecs = target.ecsTarget;
  if (ecs === undefined) {
    return [`Target of type ${target.deploymentTargetType ?? 'unknown'}: not an ECS target, no traffic split to show`];
  }
  const lines = [`Target ${ecs.targetId ?? '?'} (${ecs.status ?? 'status not reported'})`];
  const taskSets = ecs.taskSetsInfo ?? [];
  lines.push(`Traffic split: ${formatTrafficSplit(trafficSplit(taskSets))}`);
  lines.push(...formatTaskSets(taskSets).map((line) => `  ${line}`));
  const events = ecs.lifecycleEvents ?? [];
  const failed = failedEvents(events);
  lines.push(`Lifecycle events${failed.length > 0 ? ` (failed: ${failed.join(', ')})` : ''}:`);
  lines.push(...formatLifecycleEvents(events));
  return lines;
}

function field(label: string, value: string): string[] {
  return [`  ${label.padEnd(13)}${value}`];
}

function describeStatus(deployment: DeploymentInfo, phase: ReturnType<typeof deploymentPhase>): string {
  const status = deployment.status ?? 'not reported';
  if (phase === 'unknown') return `${status} (not a status bluegreen knows; treat the deployment as unfinished)`;
  return status;
}

function describeCreated(deployment: DeploymentInfo, phase: ReturnType<typeof deploymentPhase>, now: Date): string {
  const parts = [formatTime(deployment.createTime)];
  if (deployment.creator) parts.push(`by ${deployment.creator}`);
  if (phase === 'running' && deployment.createTime) {
    parts.push(`(running for ${formatDuration(now.getTime() - deployment.createTime.getTime())})`);
  }
  return parts.join(' ');
}

function describeOverview(overview: DeploymentOverview | undefined): string | undefined {
  if (overview === undefined) return undefined;
  const counts = Object.entries(overview).filter(([, count]) => typeof count === 'number' && count > 0);
  return counts.length === 0 ? undefined : counts.map(([state, count]) => `${state} ${count}`).join(', ');
}

function describeRollback(deployment: DeploymentInfo): string | undefined {
  const info = deployment.rollbackInfo;
  if (info === undefined) return undefined;
  const parts: string[] = [];
  if (info.rollbackDeploymentId) parts.push(`rolled back by deployment ${info.rollbackDeploymentId}`);
  if (info.rollbackTriggeringDeploymentId) parts.push(`rolls back deployment ${info.rollbackTriggeringDeploymentId}`);
  if (info.rollbackMessage) parts.push(info.rollbackMessage);
  return parts.length === 0 ? undefined : parts.join('; ');
}

function describeLastSuccess(last: LastDeploymentInfo | undefined, shownId: string | undefined): string | undefined {
  if (last?.deploymentId === undefined || last.deploymentId === shownId) return undefined;
  return `${last.deploymentId} (completed ${formatTime(last.endTime)})`;
}

/** One line about a running deployment, shown before `rollback` asks whether to stop it. */
export function formatRunningSummary(deployment: DeploymentInfo, now: Date): string {
  return (
    `Running: ${deployment.deploymentId ?? '?'} ${deployment.status ?? '(status not reported)'}, created ` +
    `${describeCreated(deployment, 'running', now)}, config ${deployment.deploymentConfigName ?? 'not reported'}, ` +
    `${describeRevision(deployment.revision)}`
  );
}
