import { CodeDeployClient, PutLifecycleEventHookExecutionStatusCommand } from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { reportHookStatus } from '../../../lambdas/lifecycle-hook/report-status';
import { AwsJsonServer, localClientConfig, type OperationHandler } from '../../support/aws-json-server';

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

  test.each<[string, number, string]>([
    ['throttled at first', 400, 'ThrottlingException'],
    ['failing with a server error at first', 500, 'InternalFailure'],
  ])('retries a report %s and resolves reported', async (_case, status, errorType) => {
    const { server, client } = await localCodeDeploy((_input, index) =>
      index === 0 ? { status, errorType } : { body: {} },
    );
    try {
      await expect(reportHookStatus(execution, 'Succeeded', { client })).resolves.toBe('reported');
      expect(server.callsOf('PutLifecycleEventHookExecutionStatus')).toHaveLength(2);
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  test('resolves already-reported, after one call, when CodeDeploy says the hook execution is complete', async () => {
    const { server, client } = await localCodeDeploy(() => ({
      status: 400,
      errorType: 'LifecycleEventAlreadyCompletedException',
      message: 'The lifecycle event is already completed',
    }));
    try {
      await expect(reportHookStatus(execution, 'Failed', { client })).resolves.toBe('already-reported');
      expect(server.callsOf('PutLifecycleEventHookExecutionStatus')).toEqual([{ ...execution, status: 'Failed' }]);
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  test('throws any other refusal, after one call', async () => {
    const { server, client } = await localCodeDeploy(() => ({
      status: 400,
      errorType: 'DeploymentDoesNotExistException',
      message: 'no such deployment',
    }));
    try {
      await expect(reportHookStatus(execution, 'Failed', { client })).rejects.toThrow('no such deployment');
      expect(server.callsOf('PutLifecycleEventHookExecutionStatus')).toHaveLength(1);
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  test('gives up on a CodeDeploy endpoint that never answers, with an error naming the limit', async () => {
    const { server, client } = await localCodeDeploy(() => new Promise(() => undefined));
    try {
      // A second: under load the request can take longer than a few hundred ms to reach the server at all.
      await expect(reportHookStatus(execution, 'Succeeded', { client, timeoutMs: 1000 })).rejects.toThrow(
        'CodeDeploy did not accept the report within 1000 ms',
      );
      expect(server.callsOf('PutLifecycleEventHookExecutionStatus')).toEqual([{ ...execution, status: 'Succeeded' }]);
    } finally {
      client.destroy();
      await server.stop();
    }
  });
});

/** A real CodeDeploy client pointed at a local endpoint answering PutLifecycleEventHookExecutionStatus with `answer`. */
async function localCodeDeploy(answer: OperationHandler): Promise<{ server: AwsJsonServer; client: CodeDeployClient }> {
  const server = await AwsJsonServer.start({ PutLifecycleEventHookExecutionStatus: answer });
  const client = new CodeDeployClient(localClientConfig('CODEDEPLOY', server.url));
  return { server, client };
}
