import type { ECSTaskSet } from '@aws-sdk/client-codedeploy';

/** Percent of production traffic per task set label; a label CodeDeploy did not report stays absent. */
export interface TrafficSplit {
  readonly blue?: number;
  readonly green?: number;
}

/** Sums the traffic weights (percent) per label; a task set without a weight counts as unknown, not 0. */
export function trafficSplit(taskSets: readonly ECSTaskSet[]): TrafficSplit {
  return { blue: weightOf(taskSets, 'Blue'), green: weightOf(taskSets, 'Green') };
}

/** `blue 90% / green 10%`, or what is missing. */
export function formatTrafficSplit(split: TrafficSplit): string {
  if (split.blue === undefined && split.green === undefined)
    return 'not reported yet (no task set has a traffic weight)';
  return `blue ${formatPercent(split.blue)} / green ${formatPercent(split.green)}`;
}

/** One line per task set: label, weight, tasks, target group, id and ECS status. */
export function formatTaskSets(taskSets: readonly ECSTaskSet[]): string[] {
  const labelled = [...taskSets].sort((a, b) => labelOrder(a) - labelOrder(b));
  return labelled.map((set) => {
    const parts = [
      (set.taskSetLabel ?? 'unlabelled').padEnd(6),
      formatPercent(set.trafficWeight).padStart(5),
      `tasks ${set.runningCount ?? '?'}/${set.desiredCount ?? '?'} running${set.pendingCount ? `, ${set.pendingCount} pending` : ''}`,
      `target group ${set.targetGroup?.name ?? '?'}`,
      `task set ${set.identifer ?? '?'}`,
    ];
    if (set.status) parts.push(set.status);
    return parts.join('  ');
  });
}

function weightOf(taskSets: readonly ECSTaskSet[], label: 'Blue' | 'Green'): number | undefined {
  const weights = taskSets.filter((s) => s.taskSetLabel === label).map((s) => s.trafficWeight);
  if (weights.length === 0 || weights.some((w) => w === undefined || !Number.isFinite(w))) return undefined;
  return (weights as number[]).reduce((sum, w) => sum + w, 0);
}

function formatPercent(weight: number | undefined): string {
  if (weight === undefined) return '?%';
  return `${Number.isInteger(weight) ? weight : weight.toFixed(1)}%`;
}

function labelOrder(set: ECSTaskSet): number {
  return set.taskSetLabel === 'Blue' ? 0 : set.taskSetLabel === 'Green' ? 1 : 2;
}
