import { bluegreen } from './support/deployments';
import { AwsJsonServer, localAwsEnv } from '../../support/aws-json-server';
import { startFakeEcs } from '../../core/run-task/support/fake-ecs';
import {
  FAMILY,
  SECURITY_GROUPS,
  SUBNETS,
  TARGET_ARGS,
  TWO_ESSENTIAL_DEFINITION,
} from '../../core/run-task/support/fixtures';

let server: AwsJsonServer | undefined;
beforeEach(async () => {
  server = await startFakeEcs({ taskDefinition: TWO_ESSENTIAL_DEFINITION });
});
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const runTask = (args: string[]) => bluegreen(['run-task', ...args], localAwsEnv('ECS', server!.url));

const without = (flag: string) => {
  const args = [...TARGET_ARGS];
  args.splice(args.indexOf(flag), 2);
  return args;
};

describe('bluegreen run-task usage errors: exit 2 before any AWS call', () => {
  test.each<[string, string[], string]>([
    ['no --cluster', without('--cluster'), 'missing required option --cluster'],
    ['no --task-definition', without('--task-definition'), 'missing required option --task-definition'],
    ['no --subnets', without('--subnets'), 'missing required option --subnets'],
    ['no --security-groups', without('--security-groups'), 'missing required option --security-groups'],
    [
      'a subnet that is not a subnet id',
      [...without('--subnets'), '--subnets', `${SUBNETS[0]},vpc-0123abcd`],
      "--subnets: 'vpc-0123abcd' is not an id like subnet-0123456789abcdef0",
    ],
    [
      'an empty entry in --security-groups',
      [...without('--security-groups'), '--security-groups', `${SECURITY_GROUPS[0]},`],
      `--security-groups must be a comma-separated list such as sg-0123456789abcdef0, got '${SECURITY_GROUPS[0]},'`,
    ],
    [
      'a cluster name with a space',
      [...without('--cluster'), '--cluster', 'my cluster'],
      "--cluster must be a cluster name (letters, digits, - and _) or a cluster ARN, got 'my cluster'",
    ],
    [
      'a task definition with a bad revision',
      [...without('--task-definition'), '--task-definition', `${FAMILY}:latest`],
      `--task-definition must be FAMILY, FAMILY:REVISION or a task definition ARN, got '${FAMILY}:latest'`,
    ],
    ['--container without --command', [...TARGET_ARGS, '--container', 'app'], '--container needs --command'],
    ['an empty --command', [...TARGET_ARGS, '--command', '  '], '--command is empty'],
    [
      'an unterminated quote in --command',
      [...TARGET_ARGS, '--command', 'bin/migrate "up'],
      '--command has an unterminated double quote starting at character 13',
    ],
    [
      'a poll interval above 6 s',
      [...TARGET_ARGS, '--poll-seconds', '7'],
      "--poll-seconds must be a number of seconds above 0 and at most 6, got '7'",
    ],
    [
      'a zero timeout',
      [...TARGET_ARGS, '--timeout-seconds', '0'],
      "--timeout-seconds must be a number of seconds above 0 and at most 28800, got '0'",
    ],
    ['--service without --environment', [...TARGET_ARGS, '--service', 'web'], '--service needs --environment'],
    ['an unknown flag', [...TARGET_ARGS, '--public-ip'], "Unknown option '--public-ip'"],
  ])('%s', async (_name, args, message) => {
    const run = await runTask(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`bluegreen run-task: ${message}`);
    expect(server!.calls).toEqual([]);
  });

  test('--help prints the contract and exits 0', async () => {
    const run = await runTask(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: bluegreen run-task --cluster NAME --task-definition FAMILY[:REVISION]|ARN');
    expect(run.stdout).toContain('Exit 0: the task stopped and every essential container exited 0.');
  });
});

describe('bluegreen run-task: container choice is checked against the task definition, before RunTask', () => {
  test('--command without --container is refused when several containers are essential', async () => {
    const run = await runTask([...TARGET_ARGS, '--command', 'bin/migrate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'bluegreen run-task: --command needs --container: arn:aws:ecs:eu-west-1:222222222222:task-definition/sample-staging:7 has 2 essential containers (app, proxy)\n',
    );
    expect(server!.calls.map((c) => c.operation)).toEqual(['DescribeTaskDefinition']);
  });

  test('a --container the task definition does not have is refused', async () => {
    const run = await runTask([...TARGET_ARGS, '--container', 'db', '--command', 'bin/migrate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("bluegreen run-task: --container 'db' is not a container of");
    expect(run.stderr).toContain('(containers: app, proxy)');
    expect(server!.callsOf('RunTask')).toEqual([]);
  });

  test('a task definition ECS does not have is exit 1 with its error', async () => {
    await server!.stop();
    server = await AwsJsonServer.start({
      DescribeTaskDefinition: () => ({
        status: 400,
        errorType: 'ClientException',
        message: 'Unable to describe task definition.',
      }),
    });
    const run = await runTask([...without('--task-definition'), '--task-definition', 'nope']);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'bluegreen run-task: DescribeTaskDefinition failed: ClientException: Unable to describe task definition.\n',
    );
    expect(server.calls.map((c) => c.operation)).toEqual(['DescribeTaskDefinition']);
  });
});
