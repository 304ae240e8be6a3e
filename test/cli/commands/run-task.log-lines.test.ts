import { bluegreen } from './support/deployments';
import { AwsJsonServer, localAwsEnv, type OperationReply } from '../../support/aws-json-server';
import { described, startFakeEcs } from '../../core/run-task/support/fake-ecs';
import { LOG_GROUP, stoppedTask, TARGET_ARGS, task, TASK_ID } from '../../core/run-task/support/fixtures';

const CLEAR = '\r\u001b[K';
const STREAM = `app/app/${TASK_ID}`;
const MISSING_STREAM: OperationReply = {
  status: 400,
  errorType: 'ResourceNotFoundException',
  message: 'The specified log stream does not exist.',
};

let ecs: AwsJsonServer | undefined;
let logs: AwsJsonServer | undefined;
afterEach(async () => {
  await ecs?.stop();
  await logs?.stop();
  ecs = logs = undefined;
});

/** ECS: PROVISIONING at RunTask, then PENDING, RUNNING, RUNNING, STOPPED (exit 0); CloudWatch Logs answers in order. */
async function start(logAnswers: OperationReply[]) {
  ecs = await startFakeEcs({
    describeTasks: [
      described(task('PENDING')),
      described(task('RUNNING')),
      described(task('RUNNING')),
      described(stoppedTask({ app: { exitCode: 0 }, otel: { exitCode: 0 } })),
    ],
  });
  logs = await AwsJsonServer.start({
    GetLogEvents: (_input, index) => logAnswers[Math.min(index, logAnswers.length - 1)],
  });
}

const runTask = (args: string[], terminal: { stderrIsTTY?: boolean }) =>
  bluegreen(
    ['run-task', ...TARGET_ARGS, '--poll-seconds', '0.01', ...args],
    { ...localAwsEnv('ECS', ecs!.url), AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs!.url },
    undefined,
    terminal,
  );

const page = (messages: string[], token: string): OperationReply => ({
  body: {
    events: messages.map((message, i) => ({ timestamp: 1_700_000_000_000 + i, message })),
    nextForwardToken: token,
  },
});

describe('bluegreen run-task shows the last log lines while it waits', () => {
  test('on a terminal: a missing stream is normal, then the new lines scroll above the status line, the last ones after the end', async () => {
    await start([MISSING_STREAM, page(['migrating 1', 'migrating 2'], 'f/1'), page([], 'f/1'), page(['done'], 'f/2')]);

    const run = await runTask([], { stderrIsTTY: true });

    expect(run.code).toBe(0);
    expect(logs!.callsOf('GetLogEvents')).toEqual([
      { logGroupName: LOG_GROUP, logStreamName: STREAM, startFromHead: true },
      { logGroupName: LOG_GROUP, logStreamName: STREAM, startFromHead: true },
      { logGroupName: LOG_GROUP, logStreamName: STREAM, startFromHead: true, nextToken: 'f/1' },
      { logGroupName: LOG_GROUP, logStreamName: STREAM, startFromHead: true, nextToken: 'f/1' },
    ]);
    expect(run.stderr).toContain(`${CLEAR}[app] migrating 1\n`);
    expect(run.stderr).toContain(`${CLEAR}[app] migrating 2\n`);
    expect(run.stderr.endsWith(`${CLEAR}[app] done\n`)).toBe(true);
    expect(run.stderr).not.toContain('no more log lines');
    expect(run.stdout).toContain('Result: succeeded');
  });

  test('refused: one line, the tail stops, the task is still followed to its end (exit 0)', async () => {
    await start([{ status: 400, errorType: 'AccessDeniedException', message: 'not authorized' }]);

    const run = await runTask([], { stderrIsTTY: true });

    expect(run.code).toBe(0);
    expect(logs!.callsOf('GetLogEvents')).toHaveLength(1);
    expect(run.stderr.match(/no more log lines: CloudWatch Logs refused GetLogEvents/g)).toHaveLength(1);
    expect(run.stdout).toContain('Result: succeeded');
  });

  test('throttled: no line, asked again at the next poll', async () => {
    await start([{ status: 400, errorType: 'ThrottlingException', message: 'Rate exceeded' }, page(['up'], 'f/1')]);

    const run = await runTask([], { stderrIsTTY: true });

    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${CLEAR}[app] up\n`);
    expect(run.stderr).not.toContain('Rate exceeded');
  });

  test.each([
    ['--quiet on a terminal', ['--quiet'], { stderrIsTTY: true }],
    ['not on a terminal', [], {}],
  ])('%s: no log is read', async (_name, args, terminal) => {
    await start([page(['never shown'], 'f/1')]);

    const run = await runTask(args, terminal);

    expect(run.code).toBe(0);
    expect(logs!.calls).toEqual([]);
    expect(run.stderr).not.toContain('never shown');
  });
});
