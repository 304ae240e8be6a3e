import { CodeBuildClient } from '@aws-sdk/client-codebuild';

export interface BoundedCallOptions {
  /** @default a client with the SDK's standard configuration (region, credentials, AWS_ENDPOINT_URL_CODEBUILD, retries) */
  readonly client?: CodeBuildClient;
  /** The bound on the call, the SDK's retries included. */
  readonly timeoutMs: number;
}

/**
 * Runs one CodeBuild call within `timeoutMs` (an abort signal for the SDK), so the gate reports well inside the
 * function's timeout; past it, rejects with "CodeBuild did not <missed> within N ms". A client made here is destroyed
 * after the call.
 */
export async function boundedCodeBuildCall<T>(
  options: BoundedCallOptions,
  missed: string,
  call: (client: CodeBuildClient, abortSignal: AbortSignal) => Promise<T>,
): Promise<T> {
  const client = options.client ?? new CodeBuildClient({});
  const timeout = AbortSignal.timeout(options.timeoutMs);
  try {
    return await call(client, timeout);
  } catch (error) {
    if (timeout.aborted)
      throw new Error(`CodeBuild did not ${missed} within ${options.timeoutMs} ms`, { cause: error });
    throw error;
  } finally {
    if (options.client === undefined) client.destroy();
  }
}
