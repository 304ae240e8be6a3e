import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../../../support/aws-json-server';

/**
 * Runs `run` with a real CodeBuild client pointed at a local endpoint that answers `operations`; the client and the
 * server are closed afterwards, whatever `run` does.
 */
export async function withCodeBuild(
  operations: Record<string, OperationHandler>,
  run: (client: CodeBuildClient, server: AwsJsonServer) => Promise<void>,
): Promise<void> {
  const server = await AwsJsonServer.start(operations);
  const env = localAwsEnv('CODEBUILD', server.url);
  const client = new CodeBuildClient({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_CODEBUILD,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
  });
  try {
    await run(client, server);
  } finally {
    client.destroy();
    await server.stop();
  }
}
