import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bluegreen } from './support/deployments';
import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../../support/aws-json-server';
import { yamlWith } from '../../support/configs';

const CLUSTER = 'sample-staging';
const TASK_ARN = `arn:aws:ecs:eu-west-1:222222222222:task/${CLUSTER}/0123456789abcdef`;

let work = '';
let server: AwsJsonServer | undefined;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'exec-'));
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
  rmSync(work, { recursive: true, force: true });
});

/** The shipped configuration, with ECS Exec on in staging when `exec`. */
function configFile(exec: boolean): string {
  const file = join(work, 'pipeline.config.yaml');
  writeFileSync(
    file,
    yamlWith((raw) => {
      for (const environment of raw.environments as Record<string, unknown>[]) {
        if (environment.name === 'staging') environment.exec = exec;
      }
    }),
  );
  return file;
}

/** A stand-in for AWS's session-manager-plugin: records its arguments, exits 7 as the session's own code. */
function fakePlugin(): { path: string; argsFile: string } {
  const bin = join(work, 'bin');
  const argsFile = join(work, 'plugin-args');
  mkdirSync(bin);
  const plugin = join(bin, 'session-manager-plugin');
  writeFileSync(plugin, `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done > "${argsFile}"\nexit 7\n`);
  chmodSync(plugin, 0o755);
  return { path: `${bin}:${process.env.PATH}`, argsFile };
}

const runningTask = (overrides: Record<string, unknown> = {}) => ({
  taskArn: TASK_ARN,
  enableExecuteCommand: true,
  containers: [
    {
      name: 'app',
      runtimeId: '0123456789abcdef-111',
      managedAgents: [{ name: 'ExecuteCommandAgent', lastStatus: 'RUNNING' }],
    },
  ],
  ...overrides,
});

async function ecs(handlers: Record<string, OperationHandler> = {}): Promise<AwsJsonServer> {
  server = await AwsJsonServer.start({
    ListTasks: () => ({ body: { taskArns: [TASK_ARN] } }),
    DescribeTasks: () => ({ body: { tasks: [runningTask()], failures: [] } }),
    ExecuteCommand: () => ({
      body: {
        clusterArn: `arn:aws:ecs:eu-west-1:222222222222:cluster/${CLUSTER}`,
        session: { sessionId: 'ecs-execute-command-1', streamUrl: 'wss://ssmmessages.example/s', tokenValue: 't0k' },
      },
    }),
    ...handlers,
  });
  return server;
}

describe('bluegreen exec against a local ECS endpoint and a stand-in plugin', () => {
  test("hands ECS's session to the plugin with the target AWS's CLI builds, and exits with the session's code", async () => {
    const s = await ecs();
    const plugin = fakePlugin();
    const env = { ...localAwsEnv('ECS', s.url), PIPELINE_CONFIG: configFile(true), PATH: plugin.path };

    const run = await bluegreen(['exec', '-e', 'staging', '--command', 'bin/rails console'], env);

    expect(run.code).toBe(7);
    expect(s.calls.map((c) => c.operation)).toEqual(['ListTasks', 'DescribeTasks', 'ExecuteCommand']);
    expect(s.calls[0].input).toEqual({ cluster: CLUSTER, serviceName: 'sample-staging', desiredStatus: 'RUNNING' });
    expect(s.calls[2].input).toEqual({
      cluster: CLUSTER,
      task: TASK_ARN,
      container: 'app',
      command: 'bin/rails console',
      interactive: true,
    });
    expect(readFileSync(plugin.argsFile, 'utf8').split('\n').slice(0, 6)).toEqual([
      JSON.stringify({
        sessionId: 'ecs-execute-command-1',
        streamUrl: 'wss://ssmmessages.example/s',
        tokenValue: 't0k',
      }),
      'eu-west-1',
      'StartSession',
      '',
      JSON.stringify({ Target: `ecs:${CLUSTER}_0123456789abcdef_0123456789abcdef-111` }),
      s.url,
    ]);
  });

  test('exec off in the environment: exit 2, says how to turn it on, calls nothing', async () => {
    const s = await ecs();
    const env = { ...localAwsEnv('ECS', s.url), PIPELINE_CONFIG: configFile(false), PATH: fakePlugin().path };

    const run = await bluegreen(['exec', '-e', 'staging'], env);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^bluegreen exec: ECS Exec is off in staging: set `exec: true` on environment staging in /,
    );
    expect(s.calls).toEqual([]);
  });

  test('no plugin on PATH: exit 1 with where to get it, before any ECS call', async () => {
    const s = await ecs();
    const env = { ...localAwsEnv('ECS', s.url), PIPELINE_CONFIG: configFile(true), PATH: join(work, 'empty') };

    const run = await bluegreen(['exec', '-e', 'staging'], env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('session-manager-plugin is not on PATH; install it (https://docs.aws.amazon.com/');
    expect(s.calls).toEqual([]);
  });

  test.each([
    [
      'a task started before exec was on',
      { DescribeTasks: () => ({ body: { tasks: [runningTask({ enableExecuteCommand: false })] } }) },
      'runs without execute command: it started before ECS Exec was turned on for staging',
    ],
    ['no running task', { ListTasks: () => ({ body: { taskArns: [] } }) }, 'no running task of service sample-staging'],
    [
      'refused credentials',
      { ListTasks: () => ({ status: 400, errorType: 'AccessDeniedException', message: 'not authorized' }) },
      'ListTasks',
    ],
  ])('%s: exit 1, one line, no session', async (_name, handlers, message) => {
    const s = await ecs(handlers as Record<string, OperationHandler>);
    const env = { ...localAwsEnv('ECS', s.url), PIPELINE_CONFIG: configFile(true), PATH: fakePlugin().path };

    const run = await bluegreen(['exec', '-e', 'staging'], env);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(s.calls.map((c) => c.operation)).not.toContain('ExecuteCommand');
  });
});
