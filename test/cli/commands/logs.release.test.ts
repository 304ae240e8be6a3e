import { join } from 'node:path';
import { bluegreen } from './support/deployments';
import { AwsJsonServer, type OperationHandler } from '../../support/aws-json-server';
import { REPO_ROOT } from '../../support/configs';
import { event, GROUP, logsEnv } from './support/logs';

/** The data-app fixture: application queue, web service producer with a release task, staging in eu-central-1. */
const DATA_APP = { PIPELINE_CONFIG: join(REPO_ROOT, 'test/fixtures/data-app.yaml') };
const TASK = (id: string) => `arn:aws:ecs:eu-central-1:222222222222:task/queue-staging/${id}`;

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const describeProducer: OperationHandler = (input) => ({
  body: {
    taskDefinition: {
      taskDefinitionArn: `arn:aws:ecs:eu-central-1:222222222222:task-definition/${String(input.taskDefinition)}:7`,
      containerDefinitions: [
        {
          name: 'app',
          logConfiguration: {
            logDriver: 'awslogs',
            options: { 'awslogs-group': GROUP, 'awslogs-stream-prefix': 'app' },
          },
        },
      ],
    },
  },
});
const releaseLogs = (args: string[], env: Record<string, string> = DATA_APP) =>
  bluegreen(['logs', '-e', 'staging', '--release', ...args], { ...logsEnv(server!), ...env });

describe('bluegreen logs --release against local ECS and CloudWatch Logs endpoints', () => {
  test('reads exactly the streams of the release tasks ECS lists, running and stopped', async () => {
    server = await AwsJsonServer.start({
      DescribeTaskDefinition: describeProducer,
      ListTasks: (input) => ({
        body: { taskArns: input.desiredStatus === 'RUNNING' ? [TASK('run1')] : [TASK('old1'), TASK('old2')] },
      }),
      FilterLogEvents: () => ({ body: { events: [event('e1', '2026-12-06T10:00:01Z', 'migrated 3 tables')] } }),
    });

    const run = await releaseLogs([]);

    expect(run.code).toBe(0);
    expect(server.callsOf('DescribeTaskDefinition')).toEqual([{ taskDefinition: 'queue-staging-producer' }]);
    expect(server.callsOf('ListTasks')).toEqual(
      ['RUNNING', 'STOPPED'].map((desiredStatus) => ({
        cluster: 'queue-staging',
        startedBy: 'bluegreen-run-task',
        desiredStatus,
        maxResults: 100,
      })),
    );
    expect(server.callsOf('FilterLogEvents')).toEqual([
      {
        logGroupName: GROUP,
        logStreamNames: ['app/app/run1', 'app/app/old1', 'app/app/old2'],
        startTime: expect.any(Number),
      },
    ]);
    expect(run.stderr).toContain(
      `streams app/app/run1, app/app/old1, app/app/old2 (account 222222222222, eu-central-1), release tasks ` +
        '(container app of task definition queue-staging-producer:7)',
    );
    expect(run.stdout).toContain(' migrated 3 tables\n');
  });

  test('no release task listed: exit 3 with the way to older ones, and no log call', async () => {
    server = await AwsJsonServer.start({
      DescribeTaskDefinition: describeProducer,
      ListTasks: () => ({ body: { taskArns: [] } }),
    });

    const run = await releaseLogs([]);

    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      'bluegreen logs: ECS lists no release task on cluster queue-staging (account 222222222222, eu-central-1), ' +
        'running or stopped within about the last hour; older release tasks are in the service log, under the task ' +
        'id the release step printed: bluegreen logs -e staging -s producer --since 1d --filter ...\n',
    );
  });

  test.each([
    [
      [],
      {},
      "--release: service 'service' has no release task; give one with release: { command: '...' } on a web service",
    ],
    [['--integration-suite'], DATA_APP, 'give either --release or --integration-suite, not both'],
    [['--container', 'app'], DATA_APP, '--container: the release task runs in the container its release: block names'],
  ])('%j: exit 2 before any call', async (args, env, message) => {
    server = await AwsJsonServer.start({});

    const run = await releaseLogs(args, env);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`bluegreen logs: ${message}`);
    expect(server.calls).toEqual([]);
  });
});
