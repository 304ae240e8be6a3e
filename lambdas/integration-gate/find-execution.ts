import type { HookExecution } from '../lifecycle-hook/hook-event';
import type { BuildStateChange } from './build-state-change';
import { executionOfBuild } from './suite-variables';

/** Where the hook execution of a build was found, or that it was found nowhere. */
export type ExecutionFound =
  { readonly from: 'event' | 'build-record'; readonly execution: HookExecution } | { readonly from: 'nowhere' };

/**
 * The hook execution a finished build was started for: from the event's variables when it carries them,
 * otherwise from the build's record (`readBuildVariables`, BatchGetBuilds), which holds StartBuild's
 * overrides whatever the event includes. `nowhere` when neither names both ids. A failing read rejects.
 */
export async function findExecution(
  change: BuildStateChange,
  readBuildVariables: (buildId: string) => Promise<readonly unknown[] | undefined>,
): Promise<ExecutionFound> {
  if (change.execution !== undefined) return { from: 'event', execution: change.execution };
  if (change.buildId === undefined) return { from: 'nowhere' };
  const variables = await readBuildVariables(change.buildId);
  const execution = variables === undefined ? undefined : executionOfBuild(variables);
  return execution === undefined ? { from: 'nowhere' } : { from: 'build-record', execution };
}
