import { bluegreen } from './support/deployments';
import { localAwsEnv, type AwsJsonServer } from '../../support/aws-json-server';
import { described, startFakeEcs, throttled } from '../../core/run-task/support/fake-ecs';
import {
  CLUSTER,
  FAMILY,
  LOG_GROUP,
  SECURITY_GROUPS,
  stoppedTask,
  SUBNETS,
  TARGET_ARGS,
  task,
  TASK_ARN,
  TASK_DEFINITION_ARN,
  TASK_ID,
} from '../../core/run-task/support/fixtures';

/** Polls every 10 ms, so a test that waits through several reads stays fast. */
const FAST = ['--poll-seconds', '0.01'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let server: AwsJsonServer | undefined;
afterEach(async () => {
  jest.restoreAllMocks();
  await server?.stop();
  server = undefined;
});

const runTask = (args: string[]) => bluegreen(['run-task', ...args, ...FAST], localAwsEnv('ECS', server!.url));

describe('bluegreen run-task against a local ECS endpoint', () => {
  test('success: one Fargate task of the exact revision, no public IP, the command split into words; exit 0 with exit codes and log streams', async () => {
    server = await startFakeEcs({
      describeTasks: [
        described(task('PENDING')),
        described(task('RUNNING')),
        described(stoppedTask({ app: { exitCode: 0 }, otel: { exitCode: 0 } })),
      ],
    });

    const run = await runTask([
      ...TARGET_ARGS,
      '--container',
      'app',
      '--command',
      `bin/migrate --to "2025 03" --dsn 'postgres://db/app?x=$Y' --verbose`,
    ]);

    expect(run.code).toBe(0);
    expect(server.calls.map((c) => c.operation)).toEqual([
      'DescribeTaskDefinition',
      'RunTask',
      'DescribeTasks',
      'DescribeTasks',
      'DescribeTasks',
    ]);
    expect(server.callsOf('DescribeTaskDefinition')).toEqual([{ taskDefinition: FAMILY }]);
    const [request] = server.callsOf('RunTask');
    expect(request).toEqual({
      cluster: CLUSTER,
      taskDefinition: TASK_DEFINITION_ARN,
      launchType: 'FARGATE',
      count: 1,
      startedBy: 'bluegreen-run-task',
      clientToken: expect.stringMatching(UUID),
      networkConfiguration: {
        awsvpcConfiguration: { subnets: SUBNETS, securityGroups: SECURITY_GROUPS, assignPublicIp: 'DISABLED' },
      },
      overrides: {
        containerOverrides: [
          { name: 'app', command: ['bin/migrate', '--to', '2025 03', '--dsn', 'postgres://db/app?x=$Y', '--verbose'] },
        ],
      },
    });
    for (const input of server.callsOf('DescribeTasks')) expect(input).toEqual({ cluster: CLUSTER, tasks: [TASK_ARN] });

    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`Task ${TASK_ARN}`);
    expect(lines[1]).toBe(`  task definition ${TASK_DEFINITION_ARN}`);
    expect(run.stdout).toMatch(
      new RegExp(`\\n {2}app +essential +exit 0 +log group ${LOG_GROUP} \\(eu-west-1\\), stream app/app/${TASK_ID}\\n`),
    );
    expect(run.stdout).toMatch(
      new RegExp(`\\n {2}otel +not essential +exit 0 +log group ${LOG_GROUP} .*stream otel/otel/${TASK_ID}\\n`),
    );
    expect(run.stdout).toContain('Result: succeeded (every essential container exited 0)\n');
    expect(run.stderr).toBe('run-task: task PENDING\nrun-task: task RUNNING\n');
  });

  test('--command without --container goes to the only essential container; no --command sends no override', async () => {
    server = await startFakeEcs({
      describeTasks: [described(stoppedTask({ app: { exitCode: 0 }, otel: { exitCode: 0 } }))],
    });
    expect((await runTask([...TARGET_ARGS, '--command', 'true'])).code).toBe(0);
    expect((await runTask(TARGET_ARGS)).code).toBe(0);

    const [withCommand, withoutCommand] = server.callsOf('RunTask');
    expect(withCommand.overrides).toEqual({ containerOverrides: [{ name: 'app', command: ['true'] }] });
    expect(withoutCommand).not.toHaveProperty('overrides');
    expect(withCommand.clientToken).not.toBe(withoutCommand.clientToken);
  });

  test('a non-essential container that fails does not fail the run, but is shown', async () => {
    server = await startFakeEcs({
      describeTasks: [
        described(stoppedTask({ app: { exitCode: 0 }, otel: { exitCode: 1, reason: 'collector crashed' } })),
      ],
    });

    const run = await runTask(TARGET_ARGS);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/\n {2}otel +not essential +exit 1 +log group/);
    expect(run.stdout).toContain('  reason: collector crashed\n');
    expect(run.stdout).toContain('Result: succeeded');
  });

  test('throttling: a throttled RunTask is retried by the SDK with the same client token; throttled polls are asked again', async () => {
    // The SDK waits a random share of its backoff before each retry (Math.random() times the delay): none here.
    // The retries it makes are counted below; how long it waits is not asserted.
    jest.spyOn(Math, 'random').mockReturnValue(0);
    let runTaskCalls = 0;
    server = await startFakeEcs({
      runTask: () => (runTaskCalls++ === 0 ? throttled : { body: { tasks: [task('PROVISIONING')], failures: [] } }),
      // More throttles in a row than the SDK's own three attempts: the wait loop must ride them out.
      describeTasks: [
        throttled,
        throttled,
        throttled,
        throttled,
        described(task('RUNNING')),
        described(stoppedTask({ app: { exitCode: 0 }, otel: { exitCode: 0 } })),
      ],
    });

    const run = await runTask([...TARGET_ARGS, '--timeout-seconds', '30']);

    expect(run.code).toBe(0);
    const [first, retry] = server.callsOf('RunTask');
    expect(retry.clientToken).toBe(first.clientToken);
    expect(server.callsOf('RunTask')).toHaveLength(2);
    expect(server.callsOf('DescribeTasks')).toHaveLength(6);
    expect(run.stderr).toContain('run-task: DescribeTasks will be asked again: ThrottlingException: Rate exceeded\n');
    expect(run.stdout).toContain('Result: succeeded');
  });
});
