import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { AwsJsonServer, localClientConfig, type OperationHandler } from '../../../support/aws-json-server';

/**
 * Runs `run` with a real CodeBuild client pointed at a local endpoint that answers `operations`; the client and the
 * server are closed afterwards, whatever `run` does.
 */
export async function withCodeBuild(
  operations: Record<string, OperationHandler>,
  run: (client: CodeBuildClient, server: AwsJsonServer) => Promise<void>,
): Promise<void> {
  const server = await AwsJsonServer.start(operations);
  const client = new CodeBuildClient(localClientConfig('CODEBUILD', server.url));
  try {
    await run(client, server);
  } finally {
    client.destroy();
    await server.stop();
  }
}
