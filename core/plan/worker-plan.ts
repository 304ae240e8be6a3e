import type { PipelineConfig } from '../../model/config';

/** Whether any web service runs a release task (a migration) before its deployment. */
function releases(config: PipelineConfig): boolean {
  return config.services.some((s) => s.kind === 'web' && s.release);
}

/**
 * When a worker moves to its new revision, for its line in the plan: the stack update only registers the revision
 * (the service names its family), and the RollWorkers step moves it after every release task and blue/green
 * deployment of the environment.
 */
export function workerOrder(config: PipelineConfig): string {
  return releases(config)
    ? 'moves to the new revision after the release task and the blue/green deployments (step RollWorkers)'
    : 'moves to the new revision after the blue/green deployments (step RollWorkers; no release task)';
}

/** Said once: the one time a worker starts before any release task ran, the stack's first create. */
export function describeWorkerFirstDeployment(config: PipelineConfig): string[] {
  if (!config.services.some((s) => s.kind === 'worker')) return [];
  return [
    "Workers: on an environment's FIRST deployment (the stack is created) there is no earlier revision, so the " +
      'workers start with the stack' +
      (releases(config) ? ', before the release task has ever run' : '') +
      '; afterwards the stack only registers their revision and RollWorkers moves them.',
  ];
}
