import type { HookExecution } from '../lifecycle-hook/hook-event';

/** The variables the gate sets on the suite's build: where to test, and which hook execution waits for the verdict. */
export const SUITE_VARIABLES = {
  targetUrl: 'TARGET_URL',
  deploymentId: 'DEPLOYMENT_ID',
  hookExecutionId: 'HOOK_EXECUTION_ID',
} as const;

/** One environment variable of a build, as StartBuild takes it and the build state change event repeats it. */
export interface BuildVariable {
  readonly name: string;
  readonly value: string;
  readonly type: 'PLAINTEXT';
}

/** The overrides StartBuild gets: the test listener's URL and the ids the verdict is reported against. */
export function suiteVariables(execution: HookExecution, targetUrl: string): BuildVariable[] {
  return [
    { name: SUITE_VARIABLES.targetUrl, value: targetUrl, type: 'PLAINTEXT' },
    { name: SUITE_VARIABLES.deploymentId, value: execution.deploymentId, type: 'PLAINTEXT' },
    { name: SUITE_VARIABLES.hookExecutionId, value: execution.lifecycleEventHookExecutionId, type: 'PLAINTEXT' },
  ];
}

/**
 * The hook execution a build was started for, read back from its environment variables (plain-text ones
 * only: a Parameter Store or Secrets Manager variable holds a reference, not the id). Undefined when
 * either id is missing or empty: the build was not started by the gate.
 */
export function executionOfBuild(variables: readonly unknown[]): HookExecution | undefined {
  const valueOf = (name: string): string | undefined => {
    const found = variables.find(
      (v): v is { name: string; value: string; type?: unknown } =>
        typeof v === 'object' && v !== null && (v as { name?: unknown }).name === name,
    );
    if (found === undefined || typeof found.value !== 'string' || found.value.trim() === '') return undefined;
    return found.type === undefined || found.type === 'PLAINTEXT' ? found.value : undefined;
  };
  const deploymentId = valueOf(SUITE_VARIABLES.deploymentId);
  const lifecycleEventHookExecutionId = valueOf(SUITE_VARIABLES.hookExecutionId);
  if (deploymentId === undefined || lifecycleEventHookExecutionId === undefined) return undefined;
  return { deploymentId, lifecycleEventHookExecutionId };
}
