import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import type { HookExecution, HookStatus } from './hook-event';
import { REPORT_TIMEOUT_MS } from './time-limits';

export interface ReportOptions {
  /** @default a client with the SDK's standard configuration (region, credentials, AWS_ENDPOINT_URL_CODEDEPLOY, retries) */
  readonly client?: CodeDeployClient;
  /** @default REPORT_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

/**
 * Sends the verdict with one PutLifecycleEventHookExecutionStatus call. The SDK retries throttling
 * and 5xx answers inside that call; any other failure is thrown, never reported a second time.
 */
export async function reportHookStatus(
  execution: HookExecution,
  status: HookStatus,
  options: ReportOptions = {},
): Promise<void> {
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
  } catch (error) {
    if (timeout.aborted)
      throw new Error(`CodeDeploy did not accept the report within ${timeoutMs} ms`, { cause: error });
    throw error;
  } finally {
    if (options.client === undefined) client.destroy();
  }
}
