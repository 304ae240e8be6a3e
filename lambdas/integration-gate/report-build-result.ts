import { errorMessage } from '../../core/checks';
import type { HookStatus } from '../lifecycle-hook/hook-event';
import { parseBuildStateChange, type BuildStateChange } from './build-state-change';
import { verdictForBuild } from './build-verdict';
import { findExecution, type ExecutionFound } from './find-execution';
import type { GateResult, ReportBuildDeps } from './gate-deps';
import { readProjectName } from './gate-settings';
import { reportVerdict } from './report-verdict';

/**
 * The "CodeBuild Build State Change" event of the suite's build: reports Succeeded for SUCCEEDED and
 * Failed for every other final, missing or unknown status, against the hook execution named in the
 * build's variables. AWS's event reference shows `environment-variables` but does not promise StartBuild's
 * overrides in it, so an event without them is completed from the build's record (BatchGetBuilds).
 * Ignores a build that names no hook execution in either (not started by the gate: no hook waits for it),
 * a build of another project, and IN_PROGRESS. Invalid settings with ids present fail the hook rather
 * than leave it waiting. A malformed event, or a BatchGetBuilds that fails, is thrown without a report.
 */
export async function reportBuildResult(event: unknown, deps: ReportBuildDeps): Promise<GateResult> {
  let change: BuildStateChange;
  try {
    change = parseBuildStateChange(event);
  } catch (error) {
    deps.log.error('malformed build state change event, not reporting', { error: errorMessage(error) });
    throw error;
  }
  const build = { projectName: change.projectName, buildId: change.buildId, buildStatus: change.buildStatus };
  if (change.execution === undefined && change.projectName !== projectNameOrUndefined(deps.env)) {
    deps.log.info('build has no DEPLOYMENT_ID and HOOK_EXECUTION_ID, so the gate did not start it; ignoring', build);
    return { action: 'ignored', reason: 'not-a-gate-build' };
  }
  let found: ExecutionFound;
  try {
    found = await findExecution(change, deps.readBuildVariables);
  } catch (error) {
    deps.log.error(
      'could not read the build with BatchGetBuilds, after the SDK retries; the event goes to the dead-letter queue',
      {
        ...build,
        error: errorMessage(error),
      },
    );
    throw error;
  }
  if (found.from === 'nowhere') {
    // Fail closed: no verdict, least of all Succeeded, for a build that names no hook execution anywhere.
    deps.log.error(
      'suite build names no DEPLOYMENT_ID and HOOK_EXECUTION_ID, neither in its event nor in BatchGetBuilds; reporting nothing',
      build,
    );
    return { action: 'ignored', reason: 'no-hook-execution' };
  }
  const execution = found.execution;
  if (found.from === 'build-record') {
    deps.log.info('the event carried no build variables; hook execution read with BatchGetBuilds', {
      ...execution,
      ...build,
    });
  }
  let status: HookStatus = 'Failed';
  try {
    const projectName = readProjectName(deps.env);
    if (projectName !== change.projectName) {
      deps.log.warn('build of another project than the gate starts; ignoring', { ...execution, ...build, projectName });
      return { action: 'ignored', reason: 'other-project' };
    }
    const verdict = verdictForBuild(change.buildStatus);
    if (verdict === 'not-finished') {
      deps.log.info('build has not finished; waiting for its final state', { ...execution, ...build });
      return { action: 'ignored', reason: 'not-finished' };
    }
    status = verdict;
  } catch (error) {
    deps.log.error('integration gate could not judge the build, failing the hook', {
      ...execution,
      ...build,
      error: errorMessage(error),
    });
  }
  const outcome = await reportVerdict(deps, execution, status, build);
  return { action: 'reported', status, outcome };
}

/** The suite's project name, or undefined when the setting is invalid (the caller then judges no build). */
function projectNameOrUndefined(env: Readonly<Record<string, string | undefined>>): string | undefined {
  try {
    return readProjectName(env);
  } catch {
    return undefined;
  }
}
