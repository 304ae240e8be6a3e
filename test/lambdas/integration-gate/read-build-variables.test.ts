import type { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { buildIdOf, readBuildVariables } from '../../../lambdas/integration-gate/read-build-variables';
import type { AwsJsonServer, OperationHandler } from '../../support/aws-json-server';
import { withCodeBuild } from './support/with-codebuild';

const ID = 'shop-staging-integration:4f7c9a52-0d3e-4b1a-9c61-2b8e5d1f0a77';
const ARN = `arn:aws:codebuild:eu-west-1:222222222222:build/${ID}`;
const VARIABLES = [{ name: 'DEPLOYMENT_ID', value: 'd-GATE00001', type: 'PLAINTEXT' }];

/** A local CodeBuild answering BatchGetBuilds only. */
const withBatchGetBuilds = (
  batchGetBuilds: OperationHandler,
  run: (client: CodeBuildClient, server: AwsJsonServer) => Promise<void>,
) => withCodeBuild({ BatchGetBuilds: batchGetBuilds }, run);

describe('readBuildVariables', () => {
  test("asks BatchGetBuilds for the build's id (not the event's ARN) and returns environment.environmentVariables", () =>
    withBatchGetBuilds(
      (input) => ({
        body: { builds: [{ id: (input.ids as string[])[0], environment: { environmentVariables: VARIABLES } }] },
      }),
      async (client, server) => {
        await expect(readBuildVariables(ARN, { client })).resolves.toEqual(VARIABLES);
        expect(server.callsOf('BatchGetBuilds')).toEqual([{ ids: [ID] }]);
      },
    ));

  test('answers undefined for a build CodeBuild does not know', () =>
    withBatchGetBuilds(
      (input) => ({ body: { builds: [], buildsNotFound: input.ids } }),
      async (client) => {
        await expect(readBuildVariables(ID, { client })).resolves.toBeUndefined();
      },
    ));

  test('rejects when CodeBuild refuses', () =>
    withBatchGetBuilds(
      () => ({ status: 400, errorType: 'AccessDeniedException', message: 'not authorized' }),
      async (client) => {
        await expect(readBuildVariables(ID, { client })).rejects.toThrow('not authorized');
      },
    ));

  test('gives up on a CodeBuild endpoint that never answers, with an error naming the limit', () =>
    withBatchGetBuilds(
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
