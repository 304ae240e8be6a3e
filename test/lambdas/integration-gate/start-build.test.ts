import type { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { startSuiteBuild } from '../../../lambdas/integration-gate/start-build';
import type { AwsJsonServer, OperationHandler } from '../../support/aws-json-server';
import { withCodeBuild } from './support/with-codebuild';

const REQUEST = {
  projectName: 'shop-staging-integration',
  variables: [{ name: 'TARGET_URL', value: 'http://green.test:8443', type: 'PLAINTEXT' as const }],
  idempotencyToken: 'a'.repeat(64),
};

/** A local CodeBuild answering StartBuild only. */
const withStartBuild = (
  startBuild: OperationHandler,
  run: (client: CodeBuildClient, server: AwsJsonServer) => Promise<void>,
) => withCodeBuild({ StartBuild: startBuild }, run);

describe('startSuiteBuild', () => {
  test('sends one StartBuild with the project, the variable overrides and the idempotency token', () =>
    withStartBuild(
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
    withStartBuild(
      () => new Promise(() => undefined),
      async (client) => {
        await expect(startSuiteBuild(REQUEST, { client, timeoutMs: 200 })).rejects.toThrow(
          'CodeBuild did not start the build within 200 ms',
        );
      },
    ));
});
