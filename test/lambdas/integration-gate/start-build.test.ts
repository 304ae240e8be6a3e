import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { startSuiteBuild } from '../../../lambdas/integration-gate/start-build';
import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../../support/aws-json-server';

const REQUEST = {
  projectName: 'shop-staging-integration',
  variables: [{ name: 'TARGET_URL', value: 'http://green.test:8443', type: 'PLAINTEXT' as const }],
  idempotencyToken: 'a'.repeat(64),
};

async function withCodeBuild(
  startBuild: OperationHandler,
  run: (client: CodeBuildClient, server: AwsJsonServer) => Promise<void>,
) {
  const server = await AwsJsonServer.start({ StartBuild: startBuild });
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

describe('startSuiteBuild', () => {
  test('sends one StartBuild with the project, the variable overrides and the idempotency token', () =>
    withCodeBuild(
      () => ({ body: { build: { id: 'shop-staging-integration:1' } } }),
      async (client, server) => {
        await expect(startSuiteBuild(REQUEST, { client })).resolves.toEqual({ buildId: 'shop-staging-integration:1' });
        expect(server.callsOf('StartBuild')).toEqual([
          {
            projectName: REQUEST.projectName,
            environmentVariablesOverride: REQUEST.variables,
            idempotencyToken: REQUEST.idempotencyToken,
          },
        ]);
      },
    ));

  test('gives up on a CodeBuild endpoint that never answers, with an error naming the limit', () =>
    withCodeBuild(
      () => new Promise(() => undefined),
      async (client) => {
        await expect(startSuiteBuild(REQUEST, { client, timeoutMs: 200 })).rejects.toThrow(
          'CodeBuild did not start the build within 200 ms',
        );
      },
    ));
});
