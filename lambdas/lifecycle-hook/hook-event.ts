import { errorMessage } from '../../core/checks';

/** The verdicts CodeDeploy accepts from a hook (it refuses the other enum values). */
export type HookStatus = 'Succeeded' | 'Failed';

/** The two ids CodeDeploy sends a lifecycle hook and expects back in the report. */
export interface HookExecution {
  readonly deploymentId: string;
  readonly lifecycleEventHookExecutionId: string;
}

/**
 * Reads CodeDeploy's ECS hook event `{ DeploymentId, LifecycleEventHookExecutionId }`. Without both
 * ids there is nothing to report to, so it throws instead of reporting.
 */
export function parseHookEvent(event: unknown): HookExecution {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new Error(
      `lifecycle hook event must be an object with DeploymentId and LifecycleEventHookExecutionId (got ${kind(event)})`,
    );
  }
  const fields = event as Record<string, unknown>;
  const problems = ['DeploymentId', 'LifecycleEventHookExecutionId']
    .filter((name) => typeof fields[name] !== 'string' || (fields[name] as string).trim() === '')
    .map((name) => `${name} must be a non-empty string (got ${kind(fields[name])})`);
  if (problems.length > 0) throw new Error(`lifecycle hook event is malformed: ${problems.join('; ')}`);
  return {
    deploymentId: fields.DeploymentId as string,
    lifecycleEventHookExecutionId: fields.LifecycleEventHookExecutionId as string,
  };
}

/**
 * parseHookEvent that logs a malformed event before throwing it: the event carries no ids to report
 * against, so the log line is all that records it.
 */
export function parseHookEventOrLog(
  event: unknown,
  log: { error(message: string, attributes: Record<string, unknown>): void },
): HookExecution {
  try {
    return parseHookEvent(event);
  } catch (error) {
    log.error('malformed lifecycle hook event, not reporting', { error: errorMessage(error) });
    throw error;
  }
}

function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : 'a string';
  return `a ${typeof value}`;
}
