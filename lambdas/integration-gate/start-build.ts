import { type CodeBuildClient, StartBuildCommand } from '@aws-sdk/client-codebuild';
import { boundedCodeBuildCall } from './bounded-codebuild-call';
import type { SuiteBuildRequest } from './gate-deps';

/** Bound on StartBuild, the SDK's retries included, so a refused start is still reported well inside the function's timeout. */
export const START_TIMEOUT_MS = 20_000;

export interface StartBuildOptions {
  /** @default a client with the SDK's standard configuration (region, credentials, AWS_ENDPOINT_URL_CODEBUILD, retries) */
  readonly client?: CodeBuildClient;
  /** @default START_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

/** StartBuild with the suite's variables; rejects when CodeBuild refuses, times out or names no build. */
export async function startSuiteBuild(
  request: SuiteBuildRequest,
  options: StartBuildOptions = {},
): Promise<{ readonly buildId: string }> {
  return boundedCodeBuildCall(
    { client: options.client, timeoutMs: options.timeoutMs ?? START_TIMEOUT_MS },
    'start the build',
    async (client, abortSignal) => {
      const answer = await client.send(
        new StartBuildCommand({
          projectName: request.projectName,
          environmentVariablesOverride: request.variables.map((v) => ({ ...v })),
          idempotencyToken: request.idempotencyToken,
        }),
        { abortSignal },
      );
      const buildId = answer.build?.id;
      if (buildId === undefined || buildId === '') throw new Error('CodeBuild answered StartBuild without a build id');
      return { buildId };
    },
  );
}
