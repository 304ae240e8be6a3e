import { errorMessage } from '../../core/checks';
import type { HookStatus } from '../lifecycle-hook/hook-event';
import { parseBuildStateChange, type BuildStateChange } from './build-state-change';
import { verdictForBuild } from './build-verdict';
import type { GateDeps, GateResult } from './gate-deps';
import { readProjectName } from './gate-settings';
import { reportVerdict } from './report-verdict';

/**
 * The "CodeBuild Build State Change" event of the suite's build: reports Succeeded for SUCCEEDED and
 * Failed for every other final, missing or unknown status, against the hook execution named in the
 * build's variables. Ignores a build without those ids (not started by the gate), a build of another
 * project, and IN_PROGRESS. Invalid settings with ids present fail the hook rather than leave it waiting.
 * A malformed event is thrown without a report.
 */
export async function reportBuildResult(event: unknown, deps: GateDeps): Promise<GateResult> {
  let change: BuildStateChange;
  try {
    change = parseBuildStateChange(event);
  } catch (error) {
    deps.log.error('malformed build state change event, not reporting', { error: errorMessage(error) });
    throw error;
  }
  const build = { projectName: change.projectName, buildId: change.buildId, buildStatus: change.buildStatus };
  const execution = change.execution;
  if (execution === undefined) {
    deps.log.info('build has no DEPLOYMENT_ID and HOOK_EXECUTION_ID, so the gate did not start it; ignoring', build);
    return { action: 'ignored', reason: 'not-a-gate-build' };
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
