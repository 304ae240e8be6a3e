import { createHash } from 'node:crypto';
import { errorMessage } from '../../core/checks';
import { parseHookEventOrLog, type HookExecution } from '../lifecycle-hook/hook-event';
import type { GateResult, StartSuiteDeps } from './gate-deps';
import { readGateSettings } from './gate-settings';
import { reportVerdict } from './report-verdict';
import { suiteVariables } from './suite-variables';

/**
 * `AfterAllowTestTraffic`: starts the integration suite's build against the test listener, with the
 * hook's ids among its variables so the build's final state can be reported against them. Does not
 * report on success (the build state change does); reports Failed at once when the settings are
 * invalid or StartBuild is refused, so the hook never waits for a build that does not exist.
 * A malformed event is thrown without a report: it carries no ids to report against.
 */
export async function startSuite(event: unknown, deps: StartSuiteDeps): Promise<GateResult> {
  const execution = parseHookEventOrLog(event, deps.log);
  let started: { readonly buildId: string; readonly projectName: string; readonly targetUrl: string };
  try {
    const settings = readGateSettings(deps.env);
    const { buildId } = await deps.startBuild({
      projectName: settings.projectName,
      variables: suiteVariables(execution, settings.targetUrl),
      idempotencyToken: idempotencyTokenFor(execution),
    });
    started = { buildId, ...settings };
  } catch (error) {
    deps.log.error('integration suite could not start, failing the hook', { ...execution, error: errorMessage(error) });
    const outcome = await reportVerdict(deps, execution, 'Failed', {});
    return { action: 'reported', status: 'Failed', outcome };
  }
  deps.log.info('integration suite started; its build state change reports the verdict', { ...execution, ...started });
  return { action: 'started', buildId: started.buildId };
}

/** One token per hook execution: CodeBuild starts one build for it however often StartBuild is sent within 5 minutes. */
export function idempotencyTokenFor(execution: HookExecution): string {
  return createHash('sha256')
    .update(`${execution.deploymentId}\n${execution.lifecycleEventHookExecutionId}`)
    .digest('hex');
}
