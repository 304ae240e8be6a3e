import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { reportHookStatus } from '../lifecycle-hook/report-status';
import { isBuildStateChange } from './build-state-change';
import type { GateDeps, GateResult } from './gate-deps';
import { readBuildVariables } from './read-build-variables';
import { reportBuildResult } from './report-build-result';
import { startSuiteBuild } from './start-build';
import { startSuite } from './start-suite';

/*
 * The integration suite as a gate on green, reported to CodeDeploy exactly once:
 * - CodeDeploy invokes `onHook` at AfterAllowTestTraffic: it starts the suite's CodeBuild build and
 *   returns without a verdict, or reports Failed at once when the build cannot start.
 * - EventBridge invokes `onBuildStateChange` with the build's final state: the primary and only path that
 *   reports a build's result. It is the one that sees every end (failed, timed out, stopped, faulted, or
 *   a phase after the tests failing), which the build's own last step cannot; and the suite's code gets no
 *   permission to approve itself. The build's timeout keeps its final state inside CodeDeploy's hour.
 * - The guard: EventBridge delivers at least once, its retry policy may deliver again after a report that
 *   landed, and a start that timed out on our side may still run and end. Every later report of the same
 *   hook execution gets `LifecycleEventAlreadyCompletedException`, which counts as done: the first verdict
 *   stands, nothing is thrown, nothing is retried.
 */

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'integration-gate' });

function deps(context: Context | undefined): GateDeps {
  if (context !== undefined) logger.addContext(context);
  return { env: process.env, log: logger, report: (execution, status) => reportHookStatus(execution, status) };
}

/** CodeDeploy's `{ DeploymentId, LifecycleEventHookExecutionId }` at AfterAllowTestTraffic. */
export async function onHook(event: unknown, context?: Context): Promise<GateResult> {
  return startSuite(event, { ...deps(context), startBuild: (request) => startSuiteBuild(request) });
}

/** EventBridge's "CodeBuild Build State Change" for the suite's project. */
export async function onBuildStateChange(event: unknown, context?: Context): Promise<GateResult> {
  return reportBuildResult(event, { ...deps(context), readBuildVariables: (buildId) => readBuildVariables(buildId) });
}

/** One function for both: a build state change by its `detail-type`, anything else as a CodeDeploy hook event. */
export async function handler(event: unknown, context?: Context): Promise<GateResult> {
  return isBuildStateChange(event) ? onBuildStateChange(event, context) : onHook(event, context);
}
