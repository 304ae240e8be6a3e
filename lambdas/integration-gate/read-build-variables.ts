import { BatchGetBuildsCommand, type CodeBuildClient } from '@aws-sdk/client-codebuild';
import { boundedCodeBuildCall } from './bounded-codebuild-call';

/** Bound on BatchGetBuilds, the SDK's retries included, well inside the function's timeout. */
export const READ_TIMEOUT_MS = 20_000;

export interface ReadBuildVariablesOptions {
  /** @default a client with the SDK's standard configuration (region, credentials, AWS_ENDPOINT_URL_CODEBUILD, retries) */
  readonly client?: CodeBuildClient;
  /** @default READ_TIMEOUT_MS */
  readonly timeoutMs?: number;
}

/**
 * The build's environment variables as CodeBuild records them (`build.environment.environmentVariables`
 * of BatchGetBuilds, StartBuild's overrides included); undefined when CodeBuild does not know the build or
 * records none. Rejects when CodeBuild refuses or does not answer in time, so the invocation is retried.
 */
export async function readBuildVariables(
  buildId: string,
  options: ReadBuildVariablesOptions = {},
): Promise<readonly unknown[] | undefined> {
  return boundedCodeBuildCall(
    { client: options.client, timeoutMs: options.timeoutMs ?? READ_TIMEOUT_MS },
    'answer BatchGetBuilds',
    async (client, abortSignal) => {
      const answer = await client.send(new BatchGetBuildsCommand({ ids: [buildIdOf(buildId)] }), { abortSignal });
      return answer.builds?.[0]?.environment?.environmentVariables;
    },
  );
}

/** The event's `build-id` is the build's ARN; BatchGetBuilds takes the id (`project:uuid`), the part after `build/`. */
export function buildIdOf(idOrArn: string): string {
  const match = /^arn:[^:]+:codebuild:[^:]*:\d*:build\/(.+)$/.exec(idOrArn);
  return match === null ? idOrArn : match[1];
}
