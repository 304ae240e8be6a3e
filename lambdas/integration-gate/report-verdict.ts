import { errorMessage } from '../../core/checks';
import type { HookExecution, HookStatus } from '../lifecycle-hook/hook-event';
import type { ReportOutcome } from '../lifecycle-hook/report-status';
import type { GateDeps } from './gate-deps';

/**
 * Reports once and logs what became of it. "Already completed" is a done hook (another report got there
 * first) and resolves; any other failure is logged and thrown, never sent again from here.
 */
export async function reportVerdict(
  deps: GateDeps,
  execution: HookExecution,
  status: HookStatus,
  context: Record<string, unknown>,
): Promise<ReportOutcome> {
  let outcome: ReportOutcome;
  try {
    outcome = await deps.report(execution, status);
  } catch (error) {
    deps.log.error('reporting to CodeDeploy failed', { ...execution, ...context, status, error: errorMessage(error) });
    throw error;
  }
  if (outcome === 'already-reported') {
    deps.log.info('hook execution already had a verdict, nothing more to report', { ...execution, ...context, status });
  } else {
    deps.log.info('integration gate verdict reported', { ...execution, ...context, status });
  }
  return outcome;
}
