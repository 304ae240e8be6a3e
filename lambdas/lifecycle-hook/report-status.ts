import {
  CodeDeployClient,
  LifecycleEventAlreadyCompletedException,
  PutLifecycleEventHookExecutionStatusCommand,
} from '@aws-sdk/client-codedeploy';
import type { HookExecution, HookStatus } from './hook-event';
import { REPORT_TIMEOUT_MS } from './time-limits';

export interface ReportOptions {
  /** @default a client with the SDK's standard configuration (region, credentials, AWS_ENDPOINT_URL_CODEDEPLOY, retries) */
  readonly client?: CodeDeployClient;
  /** @default REPORT_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

/**
 * What became of a report: CodeDeploy took this verdict, or the hook execution already had one
 * (`LifecycleEventAlreadyCompletedException`), which means an earlier report (a duplicate event, a
 * retried invocation, the other report path) got there first. Either way the hook is answered.
 */
export type ReportOutcome = 'reported' | 'already-reported';

/**
 * Sends the verdict with one PutLifecycleEventHookExecutionStatus call. The SDK retries throttling
 * and 5xx answers inside that call; "already completed" is a done hook, not an error; any other
 * failure is thrown, never reported a second time.
 */
export async function reportHookStatus(
  execution: HookExecution,
  status: HookStatus,
  options: ReportOptions = {},
): Promise<ReportOutcome> {
  const client = options.client ?? new CodeDeployClient({});
  const timeoutMs = options.timeoutMs ?? REPORT_TIMEOUT_MS;
  const command = new PutLifecycleEventHookExecutionStatusCommand({
    deploymentId: execution.deploymentId,
    lifecycleEventHookExecutionId: execution.lifecycleEventHookExecutionId,
    status,
  });
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    await client.send(command, { abortSignal: timeout });
    return 'reported';
  } catch (error) {
    if (isAlreadyCompleted(error)) return 'already-reported';
    if (timeout.aborted)
      throw new Error(`CodeDeploy did not accept the report within ${timeoutMs} ms`, { cause: error });
    throw error;
  } finally {
    if (options.client === undefined) client.destroy();
  }
}

/** By name as well as class: a bundle may load a second copy of the SDK's error classes. */
function isAlreadyCompleted(error: unknown): boolean {
  return (
    error instanceof LifecycleEventAlreadyCompletedException ||
    (error instanceof Error && error.name === 'LifecycleEventAlreadyCompletedException')
  );
}
