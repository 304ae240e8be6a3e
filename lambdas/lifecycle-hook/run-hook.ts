import { errorMessage, runChecks, type CheckDeps, type ChecksReport } from '../../core/checks';
import { parseHookEventOrLog, type HookExecution, type HookStatus } from './hook-event';
import { readHookSettings } from './hook-settings';
import type { ReportOutcome } from './report-status';
import { REPORT_RESERVE_MS } from './time-limits';

/** The part of a structured logger the hook uses (Powertools Logger fits). */
export interface HookLog {
  info(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

export interface HookDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly log: HookLog;
  /**
   * Sends the verdict to CodeDeploy; called exactly once per valid event. Resolves `already-reported`
   * when the hook execution had a verdict already (a duplicate invocation): the hook is answered.
   */
  readonly report: (execution: HookExecution, status: HookStatus) => Promise<ReportOutcome>;
  /** Time left before Lambda stops the function; the checks' budget is cut so the report still fits. */
  readonly remainingMs?: () => number;
  /** @default real HTTP and timers */
  readonly checkDeps?: Partial<CheckDeps>;
}

/**
 * The hook: runs the configured checks and reports Succeeded only when all passed, Failed on anything
 * else, including invalid settings and errors in its own code. A malformed event is thrown without a
 * report, because it carries no ids to report against. Rejects when the report itself fails.
 */
export async function runHook(event: unknown, deps: HookDeps): Promise<HookStatus> {
  const execution = parseHookEventOrLog(event, deps.log);
  let status: HookStatus = 'Failed';
  try {
    status = await checkTarget(deps, execution);
  } catch (error) {
    deps.log.error('lifecycle hook could not run its checks', { ...execution, error: errorMessage(error) });
  }

  let outcome: ReportOutcome;
  try {
    outcome = await deps.report(execution, status);
  } catch (error) {
    deps.log.error('reporting to CodeDeploy failed', { ...execution, status, error: errorMessage(error) });
    throw error;
  }
  if (outcome === 'already-reported') {
    // A second invocation for the same hook execution (Lambda or CodeDeploy delivering twice): the first verdict stands.
    deps.log.info('lifecycle hook execution already had a verdict, nothing more to report', { ...execution, status });
  } else {
    deps.log.info('lifecycle hook verdict reported', { ...execution, status });
  }
  return status;
}

async function checkTarget(deps: HookDeps, execution: HookExecution): Promise<HookStatus> {
  const settings = readHookSettings(deps.env);
  const remaining = deps.remainingMs === undefined ? Infinity : deps.remainingMs() - REPORT_RESERVE_MS;
  const budgetMs = Math.max(0, Math.min(settings.budgetMs, remaining));
  deps.log.info('lifecycle hook checking target', {
    ...execution,
    targetUrl: settings.targetUrl.href,
    checks: settings.checks.length,
    budgetMs,
  });
  const report = await runChecks(settings.targetUrl, settings.checks, { budgetMs, deps: deps.checkDeps });
  logResults(deps.log, execution, report);
  return report.passed ? 'Succeeded' : 'Failed';
}

function logResults(log: HookLog, execution: HookExecution, report: ChecksReport): void {
  for (const result of report.results) {
    log.info(result.passed ? 'check passed' : 'check failed', {
      ...execution,
      check: result.name,
      passed: result.passed,
      attempts: result.attempts,
      status: result.status,
      latencyMs: result.latencyMs === undefined ? undefined : Math.round(result.latencyMs),
      reason: result.reason,
    });
  }
  const failed = report.results.filter((r) => !r.passed).length;
  log.info('checks finished', {
    ...execution,
    passed: report.passed,
    checksPassed: report.results.length - failed,
    checksFailed: failed,
  });
}
