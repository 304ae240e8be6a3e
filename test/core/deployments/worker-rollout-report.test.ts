import { resolve } from 'node:path';
import { formatWorkerRollouts } from '../../../core/deployments';
import { AwsJsonServer } from '../../support/aws-json-server';
import {
  bluegreen,
  endpointEnv,
  getDeployment,
  groupInfo,
  LAST_SUCCESS_ID,
} from '../../cli/commands/support/deployments';

/** An API (web) and a consumer (worker): application 'queue', environments staging and prod. */
const DATA_APP = resolve(__dirname, '../../fixtures/data-app.yaml');
const CONSUMER = 'queue-staging-consumer';

const rollingConsumer = {
  serviceName: CONSUMER,
  status: 'ACTIVE',
  runningCount: 2,
  desiredCount: 2,
  deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
  deployments: [
    {
      status: 'PRIMARY',
      rolloutState: 'IN_PROGRESS',
      taskDefinition: 'arn:aws:ecs:eu-central-1:222222222222:task-definition/queue-staging-consumer:8',
      runningCount: 1,
      desiredCount: 2,
      failedTasks: 1,
      createdAt: Date.parse('2025-03-04T10:00:00Z') / 1000,
    },
    {
      status: 'ACTIVE',
      rolloutState: 'COMPLETED',
      taskDefinition: 'arn:aws:ecs:eu-central-1:222222222222:task-definition/queue-staging-consumer:7',
      runningCount: 1,
      desiredCount: 0,
      createdAt: Date.parse('2025-03-03T10:00:00Z') / 1000,
    },
  ],
};

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('bluegreen status of an app with a worker, against local CodeDeploy and ECS endpoints', () => {
  test("adds each worker's ECS deployments and circuit breaker after the web service's deployment", async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({ body: groupInfo({ attempted: LAST_SUCCESS_ID, successful: LAST_SUCCESS_ID }) }),
      ListDeployments: () => ({ body: { deployments: [] } }),
      GetDeployment: getDeployment,
      ListDeploymentTargets: () => ({ body: { targetIds: [] } }),
      DescribeServices: () => ({ body: { services: [rollingConsumer], failures: [] } }),
    });
    const env = { ...endpointEnv(server), AWS_ENDPOINT_URL_ECS: server.url, PIPELINE_CONFIG: DATA_APP };

    const run = await bluegreen(['status', '-e', 'staging'], env);

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(server.calls.find((c) => c.operation === 'DescribeServices')?.input).toEqual({
      cluster: 'queue-staging',
      services: [CONSUMER],
    });
    expect(run.stdout).toContain(
      [
        'Workers (ECS rolling deployments):',
        `  ${CONSUMER}  ACTIVE  tasks 2/2 running  circuit breaker on, rolls back`,
        `    PRIMARY  IN_PROGRESS  ${CONSUMER}:8  tasks 1/2, 1 failed  since 2025-03-04 10:00:00 UTC`,
        `    ACTIVE   COMPLETED  ${CONSUMER}:7  tasks 1/0  since 2025-03-03 10:00:00 UTC`,
      ].join('\n'),
    );
  });

  test('a missing cluster: exit 1 with one line that says what to check', async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({ body: groupInfo({ attempted: LAST_SUCCESS_ID, successful: LAST_SUCCESS_ID }) }),
      ListDeployments: () => ({ body: { deployments: [] } }),
      GetDeployment: getDeployment,
      ListDeploymentTargets: () => ({ body: { targetIds: [] } }),
      DescribeServices: () => ({ status: 400, errorType: 'ClusterNotFoundException', message: 'Cluster not found.' }),
    });
    const env = { ...endpointEnv(server), AWS_ENDPOINT_URL_ECS: server.url, PIPELINE_CONFIG: DATA_APP };

    const run = await bluegreen(['status', '-e', 'staging'], env);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'bluegreen status: ECS cluster queue-staging does not exist in eu-central-1: has the staging environment been ' +
        'deployed, and are your credentials for its account 222222222222?\n',
    );
  });
});

describe('formatWorkerRollouts', () => {
  test('names a worker ECS does not know, with the reason it gave', () => {
    const text = formatWorkerRollouts(
      ['a', 'b'],
      [],
      [{ arn: 'arn:aws:ecs:eu-west-1:1:service/c/b', reason: 'MISSING' }],
    );
    expect(text).toBe(
      'Workers (ECS rolling deployments):\n  a  not found in the cluster (not reported)\n  b  not found in the cluster (MISSING)\n',
    );
  });
});
