import { bluegreen } from './support/deployments';
import { localAwsEnv, type AwsJsonServer, type OperationReply } from '../../support/aws-json-server';
import { described, startFakeEcs } from '../../core/run-task/support/fake-ecs';
import { CLUSTER, PULL_FAILURE, stoppedTask, TARGET_ARGS, task, TASK_ARN } from '../../core/run-task/support/fixtures';

const FAST = ['--poll-seconds', '0.01'];

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const runTask = (args: string[] = []) =>
  bluegreen(['run-task', ...TARGET_ARGS, ...FAST, ...args], localAwsEnv('ECS', server!.url));

describe('bluegreen run-task exits 1 and says what happened', () => {
  test('RunTask failures: no task, and each failure with its arn, reason and detail', async () => {
    server = await startFakeEcs({
      runTask: () => ({
        body: {
          tasks: [],
          failures: [
            {
              arn: 'arn:aws:ecs:eu-west-1:222222222222:cluster/sample-staging',
              reason: 'RESOURCE:ENI',
              detail: 'no free IP in subnet',
            },
          ],
        },
      }),
    });

    const run = await runTask();

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'bluegreen run-task: RunTask placed no task: arn:aws:ecs:eu-west-1:222222222222:cluster/sample-staging: RESOURCE:ENI (no free IP in subnet)\n',
    );
    expect(run.stdout).toBe('');
    expect(server.callsOf('DescribeTasks')).toEqual([]);
  });

  test('RunTask placed no task and gave no failure', async () => {
    server = await startFakeEcs({ runTask: () => ({ body: { tasks: [], failures: [] } }) });
    const run = await runTask();
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('bluegreen run-task: RunTask placed no task and listed no failures\n');
  });

  test('RunTask refused by ECS (an AWS error) is exit 1 with the error', async () => {
    server = await startFakeEcs({
      runTask: () => ({ status: 400, errorType: 'ClusterNotFoundException', message: 'Cluster not found.' }),
    });
    const run = await runTask();
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('bluegreen run-task: RunTask failed: ClusterNotFoundException: Cluster not found.\n');
  });

  test.each<[string, Record<string, unknown>, string[]]>([
    [
      'the task failed to start: the image could not be pulled',
      stoppedTask(
        { app: { lastStatus: 'STOPPED', reason: PULL_FAILURE }, otel: { lastStatus: 'STOPPED' } },
        { stopCode: 'TaskFailedToStart', stoppedReason: PULL_FAILURE },
      ),
      [`the task failed to start (TaskFailedToStart): ${PULL_FAILURE}`],
    ],
    [
      'the essential container exited non-zero',
      stoppedTask({ app: { exitCode: 3, reason: 'migration 42 failed' }, otel: { exitCode: 0 } }),
      ['essential container app exited with code 3: migration 42 failed'],
    ],
    [
      'the essential container was killed: no exit code, a reason',
      stoppedTask({ app: { reason: 'OutOfMemoryError: Container killed due to memory usage' }, otel: { exitCode: 0 } }),
      [
        'essential container app has no exit code (killed or never ran): OutOfMemoryError: Container killed due to memory usage',
      ],
    ],
    [
      'the essential container was killed by SIGKILL',
      stoppedTask({ app: { exitCode: 137 }, otel: { exitCode: 0 } }),
      [
        'essential container app exited with code 137 (killed by SIGKILL: out of memory, or it did not stop after SIGTERM)',
      ],
    ],
    [
      'the task was stopped from outside, even though the container exited 0 on SIGTERM',
      stoppedTask(
        { app: { exitCode: 0 }, otel: { exitCode: 0 } },
        { stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' },
      ),
      ['the task was stopped from outside before it finished (UserInitiated): Task stopped by user'],
    ],
  ])('%s', async (_name, stopped, problems) => {
    server = await startFakeEcs({ describeTasks: [described(task('RUNNING')), described(stopped)] });

    const run = await runTask();

    expect(run.code).toBe(1);
    expect(run.stdout.startsWith(`Task ${TASK_ARN}\n`)).toBe(true);
    expect(run.stdout).toContain(`Result: FAILED\n${problems.map((p) => `  - ${p}\n`).join('')}`);
    expect(run.stderr).toContain(`bluegreen run-task: ${problems.join('; ')}\n`);
    expect(server.callsOf('StopTask')).toEqual([]);
  });

  test('the task vanished: DescribeTasks answers MISSING after the task was seen', async () => {
    server = await startFakeEcs({
      describeTasks: [
        described(task('RUNNING')),
        { body: { tasks: [], failures: [{ arn: TASK_ARN, reason: 'MISSING' }] } },
      ],
    });

    const run = await runTask();

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `bluegreen run-task: the task vanished: DescribeTasks answers MISSING for ${TASK_ARN} (last seen RUNNING)\n`,
    );
    expect(server.callsOf('StopTask')).toEqual([]);
  });

  test('the task vanished: MISSING from the start is given three reads (eventual consistency), then fails', async () => {
    server = await startFakeEcs({
      describeTasks: [{ body: { tasks: [], failures: [{ arn: TASK_ARN, reason: 'MISSING' }] } }],
    });

    const run = await runTask();

    expect(run.code).toBe(1);
    expect(server.callsOf('DescribeTasks')).toHaveLength(3);
    expect(run.stderr).toContain(`the task vanished: DescribeTasks answers MISSING for ${TASK_ARN}\n`);
  });

  test.each<[string, OperationReply, string]>([
    [
      'an unknown lastStatus',
      described(task('HIBERNATING')),
      'DescribeTasks gave the task a lastStatus run-task does not know: HIBERNATING',
    ],
    [
      'no lastStatus at all',
      described({ ...task('RUNNING'), lastStatus: undefined }),
      'DescribeTasks gave the task a lastStatus run-task does not know: none',
    ],
    [
      'an answer about another task',
      described({ ...task('RUNNING'), taskArn: `${TASK_ARN}ff` }),
      `DescribeTasks answered about other tasks than ${TASK_ARN}`,
    ],
    ['an empty answer', { body: {} }, `DescribeTasks answered about other tasks than ${TASK_ARN} (tasks: none)`],
    [
      'access denied',
      { status: 400, errorType: 'AccessDeniedException', message: 'not authorized to perform ecs:DescribeTasks' },
      'DescribeTasks failed: AccessDeniedException: not authorized to perform ecs:DescribeTasks',
    ],
  ])('fails closed on %s, and stops the task it can no longer follow', async (_name, reply, reason) => {
    server = await startFakeEcs({ describeTasks: [described(task('RUNNING')), reply] });

    const run = await runTask();

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`bluegreen run-task: could not follow the task: ${reason}`);
    expect(run.stderr).toContain('; the task was stopped (StopTask)\n');
    expect(server.callsOf('StopTask')).toEqual([
      {
        cluster: CLUSTER,
        task: TASK_ARN,
        reason: expect.stringMatching(/^bluegreen run-task: could not follow the task: /),
      },
    ]);
  });

  test('a task that hangs past the timeout is stopped with StopTask, then exit 1', async () => {
    server = await startFakeEcs({ describeTasks: [described(task('RUNNING'))] });

    const started = Date.now();
    const run = await runTask(['--timeout-seconds', '0.3']);

    expect(run.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.callsOf('StopTask')).toEqual([
      { cluster: CLUSTER, task: TASK_ARN, reason: 'bluegreen run-task: timeout after 0.3 s' },
    ]);
    expect(server.calls.at(-1)?.operation).toBe('StopTask');
    expect(run.stdout).toMatch(/\n {2}app +essential +running, no exit code +log group/);
    expect(run.stderr).toContain('bluegreen run-task: timeout after 0.3 s; the task was stopped (StopTask)\n');
  });

  test('a refused StopTask after the timeout is reported: the task may still run', async () => {
    server = await startFakeEcs({
      describeTasks: [described(task('RUNNING'))],
      stopTask: () => ({
        status: 400,
        errorType: 'AccessDeniedException',
        message: 'not authorized to perform ecs:StopTask',
      }),
    });

    const run = await runTask(['--timeout-seconds', '0.05']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'bluegreen run-task: timeout after 0.05 s; stopping the task failed too, it may still run: StopTask failed: AccessDeniedException: not authorized to perform ecs:StopTask\n',
    );
  });

  test('a DescribeTasks that never answers does not outlast the timeout: the task is stopped', async () => {
    server = await startFakeEcs({
      describeTasks: (_input, index) => (index === 0 ? described(task('RUNNING')) : new Promise(() => {})),
    });

    const started = Date.now();
    const run = await runTask(['--timeout-seconds', '0.3']);

    expect(run.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.callsOf('StopTask')).toEqual([
      { cluster: CLUSTER, task: TASK_ARN, reason: 'bluegreen run-task: timeout after 0.3 s' },
    ]);
  });
});
