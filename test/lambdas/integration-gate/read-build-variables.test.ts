import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { buildIdOf, readBuildVariables } from '../../../lambdas/integration-gate/read-build-variables';
import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../../support/aws-json-server';

const ID = 'shop-staging-integration:4f7c9a52-0d3e-4b1a-9c61-2b8e5d1f0a77';
const ARN = `arn:aws:codebuild:eu-west-1:222222222222:build/${ID}`;
const VARIABLES = [{ name: 'DEPLOYMENT_ID', value: 'd-GATE00001', type: 'PLAINTEXT' }];

async function withCodeBuild(
  batchGetBuilds: OperationHandler,
  run: (client: CodeBuildClient, server: AwsJsonServer) => Promise<void>,
) {
  const server = await AwsJsonServer.start({ BatchGetBuilds: batchGetBuilds });
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

describe('readBuildVariables', () => {
  test("asks BatchGetBuilds for the build's id (not the event's ARN) and returns environment.environmentVariables", () =>
    withCodeBuild(
      (input) => ({
        body: { builds: [{ id: (input.ids as string[])[0], environment: { environmentVariables: VARIABLES } }] },
      }),
      async (client, server) => {
        await expect(readBuildVariables(ARN, { client })).resolves.toEqual(VARIABLES);
        expect(server.callsOf('BatchGetBuilds')).toEqual([{ ids: [ID] }]);
      },
    ));

  test('answers undefined for a build CodeBuild does not know', () =>
    withCodeBuild(
      (input) => ({ body: { builds: [], buildsNotFound: input.ids } }),
      async (client) => {
        await expect(readBuildVariables(ID, { client })).resolves.toBeUndefined();
      },
    ));

  test('rejects when CodeBuild refuses', () =>
    withCodeBuild(
      () => ({ status: 400, errorType: 'AccessDeniedException', message: 'not authorized' }),
      async (client) => {
        await expect(readBuildVariables(ID, { client })).rejects.toThrow('not authorized');
      },
    ));

  test('gives up on a CodeBuild endpoint that never answers, with an error naming the limit', () =>
    withCodeBuild(
      () => new Promise(() => undefined),
      async (client) => {
        await expect(readBuildVariables(ID, { client, timeoutMs: 200 })).rejects.toThrow(
          'CodeBuild did not answer BatchGetBuilds within 200 ms',
        );
      },
    ));
});

describe('buildIdOf', () => {
  test.each([
    [ARN, ID],
    [ID, ID],
    [`arn:aws-cn:codebuild:cn-north-1:222222222222:build/${ID}`, ID],
  ])('%s is the build %s', (given, id) => {
    expect(buildIdOf(given)).toBe(id);
  });
});
