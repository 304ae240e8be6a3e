import { bluegreen } from './support/deployments';
import { AwsJsonServer, localAwsEnv } from '../../support/aws-json-server';
import { described, startFakeEcs } from '../../core/run-task/support/fake-ecs';
import { stoppedTask, TARGET_ARGS, task } from '../../core/run-task/support/fixtures';

const CLEAR = '\r\u001b[K';

let server: AwsJsonServer | undefined;
/** CloudWatch Logs on loopback: on a terminal run-task reads the task's log stream (not created yet here). */
let logs: AwsJsonServer | undefined;
beforeEach(async () => {
  logs = await AwsJsonServer.start({
    GetLogEvents: () => ({
      status: 400,
      errorType: 'ResourceNotFoundException',
      message: 'The specified log stream does not exist.',
    }),
  });
  server = await startFakeEcs({
    describeTasks: [
      described(task('PENDING')),
      described(task('RUNNING')),
      described(stoppedTask({ app: { exitCode: 0 }, otel: { exitCode: 0 } })),
    ],
  });
});
afterEach(async () => {
  await server?.stop();
  await logs?.stop();
  server = logs = undefined;
});

const runTask = (args: string[], terminal: { stderrIsTTY?: boolean }) =>
  bluegreen(
    ['run-task', ...TARGET_ARGS, '--poll-seconds', '0.01', ...args],
    { ...localAwsEnv('ECS', server!.url), AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs!.url },
    undefined,
    terminal,
  );

describe('bluegreen run-task progress while it waits', () => {
  test('on a terminal: a status line with the elapsed time redrawn in place, erased before the result', async () => {
    const run = await runTask([], { stderrIsTTY: true });

    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${CLEAR}run-task: PENDING, 0s elapsed`);
    expect(run.stderr).toContain(`${CLEAR}run-task: RUNNING, 0s elapsed`);
    expect(run.stderr).toContain(`${CLEAR}run-task: task RUNNING\n`);
    expect(run.stderr.endsWith(CLEAR)).toBe(true);
    expect(run.stdout).toContain('Result: succeeded');
  });

  test('not on a terminal: one line per change of status, nothing redrawn', async () => {
    const run = await runTask([], {});

    expect(run.code).toBe(0);
    expect(run.stderr).toBe('run-task: task PENDING\nrun-task: task RUNNING\n');
  });

  test.each([[{ stderrIsTTY: true }], [{}]])(
    '--quiet (terminal: %j): no progress, the start and result still printed',
    async (terminal) => {
      const run = await runTask(['--quiet'], terminal);

      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Task arn:aws:ecs:/);
      expect(run.stdout).toContain('Result: succeeded');
    },
  );
});
