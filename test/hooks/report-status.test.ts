import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { reportHookStatus } from '../../lambdas/lifecycle-hook/report-status';
import { AwsJsonServer, localAwsEnv } from '../support/aws-json-server';

const execution = { deploymentId: 'd-REPORT001', lifecycleEventHookExecutionId: 'exec-report' };

describe('reportHookStatus', () => {
  test('sends one PutLifecycleEventHookExecutionStatus with the ids and the verdict', async () => {
    const codeDeploy = mockClient(CodeDeployClient);
    codeDeploy.on(PutLifecycleEventHookExecutionStatusCommand).resolves({});
    try {
      await reportHookStatus(execution, 'Failed', { client: new CodeDeployClient({ region: 'eu-west-1' }) });
      expect(codeDeploy).toHaveReceivedCommandTimes(PutLifecycleEventHookExecutionStatusCommand, 1);
      expect(codeDeploy).toHaveReceivedCommandWith(PutLifecycleEventHookExecutionStatusCommand, {
        ...execution,
        status: 'Failed',
      });
    } finally {
      codeDeploy.restore();
    }
  });

  test('gives up on a CodeDeploy endpoint that never answers, with an error naming the limit', async () => {
    const server = await AwsJsonServer.start({
      PutLifecycleEventHookExecutionStatus: () => new Promise(() => undefined),
    });
    const env = localAwsEnv('CODEDEPLOY', server.url);
    const client = new CodeDeployClient({
      region: env.AWS_REGION,
      endpoint: env.AWS_ENDPOINT_URL_CODEDEPLOY,
      credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    });
    try {
      await expect(reportHookStatus(execution, 'Succeeded', { client, timeoutMs: 200 })).rejects.toThrow(
        'CodeDeploy did not accept the report within 200 ms',
      );
      expect(server.callsOf('PutLifecycleEventHookExecutionStatus')).toEqual([{ ...execution, status: 'Succeeded' }]);
    } finally {
      client.destroy();
      await server.stop();
    }
  });
});
