import { bluegreen, endpointEnv, noCredentialsEnv } from './support/deployments';
import { AwsJsonServer } from '../../support/aws-json-server';
import {
  awsError,
  event,
  FAMILY,
  GROUP,
  logsEnv,
  noCredentialsLogsEnv,
  startFakeAws,
  STREAM_PREFIX,
  TASK_DEFINITION_ARN,
} from './support/logs';

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const logs = (args: string[], env = logsEnv(server!)) => bluegreen(['logs', '--environment', 'staging', ...args], env);
/** Retries after 10 ms (tests that retry also set AWS_MAX_ATTEMPTS=1, so the command's own retry is what they see). */
const FAST = ['--poll-seconds', '0.01'];

describe('bluegreen logs against local ECS and CloudWatch Logs endpoints', () => {
  test('reads the group and stream prefix from the task definition, follows every page and prints in time order', async () => {
    server = await startFakeAws((input) =>
      input.nextToken === undefined
        ? {
            body: {
              events: [
                event('e2', '2026-12-06T10:00:02Z', 'GET /health 200\n'),
                event('e1', '2026-12-06T10:00:01Z', 'listening on 8080\n', 'fedcba9876543210'),
              ],
              nextToken: 'page-2',
            },
          }
        : { body: { events: [event('e3', '2026-12-06T10:00:03Z', 'GET /version 200')] } },
    );
    const before = Date.now();

    const run = await logs([]);

    expect(run.code).toBe(0);
    expect(server.callsOf('DescribeTaskDefinition')).toEqual([{ taskDefinition: FAMILY }]);
    const filters = server.callsOf('FilterLogEvents');
    expect(filters).toHaveLength(2);
    expect(filters[0]).toEqual({
      logGroupName: GROUP,
      logStreamNamePrefix: STREAM_PREFIX,
      startTime: expect.any(Number),
    });
    expect(filters[1]).toMatchObject({ nextToken: 'page-2', startTime: filters[0].startTime });
    // --since defaults to 10 minutes back.
    expect(before - 600_000 - Number(filters[0].startTime)).toBeLessThanOrEqual(0);
    expect(Date.now() - 600_000 - Number(filters[0].startTime)).toBeGreaterThanOrEqual(0);
    expect(server.requests.find((r) => r.operation === 'FilterLogEvents')?.credentialScope).toMatchObject({
      region: 'eu-west-1',
      service: 'logs',
    });
    expect(run.stdout).toBe(
      '2026-12-06T10:00:01.000Z app/app/fedcba9876543210 listening on 8080\n' +
        '2026-12-06T10:00:02.000Z app/app/0123456789abcdef GET /health 200\n' +
        '2026-12-06T10:00:03.000Z app/app/0123456789abcdef GET /version 200\n',
    );
    expect(run.stderr).toMatch(
      new RegExp(
        `^bluegreen logs: reading log group ${GROUP}, streams app/app/\\* \\(account 222222222222, eu-west-1\\), ` +
          `container app of task definition ${FAMILY}:42, since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\n$`,
      ),
    );
  });

  test('--since (a duration or an ISO time), --filter and -s reach FilterLogEvents', async () => {
    server = await startFakeAws(() => ({ body: { events: [] } }));

    const iso = await logs(['--since', '2026-12-06T09:30:00Z', '--filter', 'ERROR', '-s', 'service']);
    const hour = await logs(['--since', '1h']);

    expect(iso.code).toBe(0);
    expect(iso.stderr).toContain('since 2026-12-06T09:30:00.000Z, filter "ERROR"\n');
    expect(iso.stderr).toContain('bluegreen logs: no events in that window\n');
    const [first, second] = server.callsOf('FilterLogEvents');
    expect(first).toMatchObject({ startTime: Date.parse('2026-12-06T09:30:00Z'), filterPattern: 'ERROR' });
    expect(Math.abs(Date.now() - 3_600_000 - Number(second.startTime))).toBeLessThan(60_000);
    expect(hour.code).toBe(0);
  });

  test('throttling is asked again and the read still succeeds', async () => {
    server = await startFakeAws((_input, index) =>
      index < 2
        ? awsError(400, 'ThrottlingException', 'Rate exceeded')
        : { body: { events: [event('e1', '2026-12-06T10:00:01Z', 'ok')] } },
    );

    const run = await logs(FAST, { ...logsEnv(server), AWS_MAX_ATTEMPTS: '1' });

    expect(run.code).toBe(0);
    expect(server.callsOf('FilterLogEvents')).toHaveLength(3);
    expect(run.stderr).toContain(
      'bluegreen logs: throttled or failed, asking again: ThrottlingException: Rate exceeded\n',
    );
    expect(run.stdout).toContain(' ok\n');
  });

  test('throttling that does not stop: exit 1 after 5 calls, with one line that says what to do', async () => {
    server = await startFakeAws(() => awsError(400, 'ThrottlingException', 'Rate exceeded'));

    const run = await logs(FAST, { ...logsEnv(server), AWS_MAX_ATTEMPTS: '1' });

    expect(run.code).toBe(1);
    expect(server.callsOf('FilterLogEvents')).toHaveLength(5);
    expect(
      run.stderr
        .split('\n')
        .filter((l) => !l.includes('asking again'))
        .slice(1),
    ).toEqual([
      `bluegreen logs: CloudWatch Logs kept throttling FilterLogEvents for log group ${GROUP}, streams app/app/* ` +
        '(account 222222222222, eu-west-1) (ThrottlingException: Rate exceeded); try again in a minute, or read ' +
        'less at once with a shorter --since or a --filter',
      '',
    ]);
  });

  test.each([
    [
      'a missing log group',
      'The specified log group does not exist.',
      `bluegreen logs: log group ${GROUP} (account 222222222222, eu-west-1) does not exist (The specified log group ` +
        'does not exist.): has the staging environment been deployed, and are your credentials for its account 222222222222?\n',
    ],
    [
      'a missing log stream',
      'The specified log stream does not exist.',
      `bluegreen logs: log group ${GROUP} (account 222222222222, eu-west-1) has no log stream starting with app/app/ ` +
        '(The specified log stream does not exist.): has a task of the service started since it was deployed?\n',
    ],
  ])('%s: exit 3 and one line', async (_, message, line) => {
    server = await startFakeAws(() => awsError(400, 'ResourceNotFoundException', message));

    const run = await logs([]);

    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[1] + '\n').toBe(line);
    expect(run.stderr.split('\n')).toHaveLength(3);
  });

  test('a task family ECS does not know: exit 3 before any log call', async () => {
    server = await startFakeAws(
      () => ({ body: { events: [] } }),
      () => awsError(400, 'ClientException', 'Unable to describe task definition.'),
    );

    const run = await logs([]);

    expect(run.code).toBe(3);
    expect(server.callsOf('FilterLogEvents')).toEqual([]);
    expect(run.stderr).toBe(
      `bluegreen logs: task definition family ${FAMILY} (account 222222222222, eu-west-1) has no ACTIVE revision ` +
        '(Unable to describe task definition.): has the staging environment been deployed, and are your ' +
        'credentials for its account 222222222222?\n',
    );
  });

  test('a filter pattern CloudWatch Logs refuses is a usage error naming --filter (exit 2)', async () => {
    server = await startFakeAws(() => awsError(400, 'InvalidParameterException', 'Invalid filter pattern'));

    const run = await logs(['--filter', '{ $.level = ']);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "bluegreen logs: --filter: CloudWatch Logs refused the pattern '{ $.level = ' (Invalid filter pattern); use the CloudWatch Logs filter pattern syntax",
    );
  });

  test('a container that does not log to CloudWatch Logs: exit 3 naming it, and no log call', async () => {
    server = await startFakeAws(
      () => ({ body: { events: [] } }),
      () => ({
        body: { taskDefinition: { taskDefinitionArn: TASK_DEFINITION_ARN, containerDefinitions: [{ name: 'app' }] } },
      }),
    );

    const run = await logs([]);

    expect(run.code).toBe(3);
    expect(server.callsOf('FilterLogEvents')).toEqual([]);
    expect(run.stderr).toBe(
      `bluegreen logs: container 'app' of task definition ${FAMILY}:42 has no log configuration, so CloudWatch Logs ` +
        'has none of its output\n',
    );
  });

  test.each([
    [
      ['--since', 'yesterday'],
      "--since must be a duration such as 30s, 10m, 1h or 2d, or an ISO 8601 time such as 2026-12-06T10:00:00Z, got 'yesterday'",
    ],
    [['--since', '2026-12-06T10:00:00'], '--since must be a duration such as 30s, 10m, 1h or 2d, or an ISO 8601 time'],
    [['--since', '2999-01-01'], "--since '2999-01-01' is in the future; give a time in the past"],
    [['--poll-seconds', '0'], "--poll-seconds must be a number above 0 and at most 60, got '0'"],
    [['-e', 'qa'], "--environment: unknown environment 'qa' (configured: staging, prod)"],
    [['-s', 'worker'], "--service: unknown service 'worker' (configured: service)"],
    [['--container', 'otel'], "--container: service 'service' has no container 'otel' (containers: app)"],
  ])('%j: exit 2 before any call', async (args, message) => {
    server = await startFakeAws(() => ({ body: { events: [] } }));

    const run = await logs(args);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`bluegreen logs: ${message}`);
    expect(server.calls).toEqual([]);
  });
});

describe('bluegreen logs credentials, worded as bluegreen status words them', () => {
  const REFUSED = (service: string, operation: string) =>
    new RegExp(
      `^bluegreen (logs|status): ${service} refused ${operation} for .+ \\(UnrecognizedClientException: The security ` +
        'token included in the request is invalid\\.\\); use credentials of a role in account 222222222222 that may call it\\n$',
    );

  test('refused credentials: exit 1 and the same sentence as status', async () => {
    const invalid = () =>
      awsError(400, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
    server = await startFakeAws(invalid);
    const codeDeploy = await AwsJsonServer.start({ GetDeploymentGroup: invalid });

    const run = await logs([]);
    const status = await bluegreen(['status', '--environment', 'staging'], endpointEnv(codeDeploy));
    await codeDeploy.stop();

    expect(run.code).toBe(1);
    expect(status.code).toBe(1);
    expect(run.stderr.split('\n').slice(1).join('\n')).toMatch(REFUSED('CloudWatch Logs', 'FilterLogEvents'));
    expect(status.stderr).toMatch(REFUSED('CodeDeploy', 'GetDeploymentGroup'));
  });

  test('no credentials: exit 1, no call reaches the endpoint, and the same sign-in sentence as status', async () => {
    server = await startFakeAws(() => ({ body: { events: [] } }));

    const run = await logs([], noCredentialsLogsEnv(server));
    const status = await bluegreen(['status', '--environment', 'staging'], noCredentialsEnv(server));

    expect(run.code).toBe(1);
    expect(server.calls).toEqual([]);
    expect(run.stderr).toMatch(
      /^bluegreen logs: no AWS credentials found for task definition family sample-staging \(account 222222222222, eu-west-1\): /,
    );
    const advice = (stderr: string) => stderr.slice(stderr.indexOf(': the SDK looked in'));
    expect(advice(run.stderr)).toBe(advice(status.stderr));
    expect(advice(run.stderr)).toContain("Sign in with a role in account 222222222222 (for example 'aws sso login'");
  });
});
