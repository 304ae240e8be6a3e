import { CloudWatchClient, DescribeAlarmsCommand, ListDashboardsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchServer } from '../../support/cloudwatch-server';
import { runCli } from '../../support/in-process-cli';
import { composites, compositeAlarm, useBakeCli } from './support/bake';

const cli = useBakeCli();

describe('bluegreen bake usage', () => {
  test.each([
    [[], 'missing required option --environment'],
    [['--environment', 'qa'], "--environment: unknown environment 'qa' (configured: staging, prod)"],
    [['--environment', 'staging', '--minutes', '0'], "--minutes must be a number above 0 and at most 480, got '0'"],
    [['--environment', 'staging', '--minutes', '481'], "--minutes must be a number above 0 and at most 480, got '481'"],
    [['--environment', 'staging', '--poll-seconds', 'soon'], '--poll-seconds must be a number above 0 and at most 300'],
    [
      ['--environment', 'staging', '--region', 'Europe'],
      "--region must be an AWS region such as eu-west-1, got 'Europe'",
    ],
    [['--environment', 'staging', '--alarm', ' '], '--alarm must be an alarm name of 1 to 255 characters'],
    [['--environment', 'staging', '--wait'], "Unknown option '--wait'"],
  ])('%j is a usage error (exit 2) and calls nothing', async (args, message) => {
    const server = await cli.fakeCloudWatch(() => composites(compositeAlarm('OK')));

    const run = await cli.bake(args);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`bluegreen bake: ${message}`);
    expect(server.calls).toEqual([]);
  });

  test('--help prints the options and exits 0', async () => {
    const run = await cli.bake(['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: bluegreen bake --environment NAME');
    expect(run.stdout).toContain('cloudwatch:DescribeAlarms on "*"');
  });

  test('bluegreen --help lists bake', async () => {
    const { code, stdout } = await runCli(['--help'], { cwd: __dirname });

    expect(code).toBe(0);
    expect(stdout).toMatch(/\n {2}bake +watch an environment's rollback alarm/);
  });
});

describe('the local CloudWatch server', () => {
  test('answers an operation it has no fake for with an error, so nothing passes by accident', async () => {
    const server = await CloudWatchServer.start({ DescribeAlarms: () => composites() });
    const client = new CloudWatchClient({
      region: 'eu-west-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
      maxAttempts: 1,
    });
    try {
      await expect(client.send(new ListDashboardsCommand({}))).rejects.toThrow('no fake for ListDashboards');
      await expect(client.send(new DescribeAlarmsCommand({}))).resolves.toMatchObject({ CompositeAlarms: [] });
      expect(server.calls.map((c) => c.operation)).toEqual(['ListDashboards', 'DescribeAlarms']);
    } finally {
      client.destroy();
      await server.stop();
    }
  });

  test('refuses a request in another protocol (an awsQuery form post)', async () => {
    const server = await CloudWatchServer.start({ DescribeAlarms: () => composites() });
    try {
      const answer = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'Action=DescribeAlarms&Version=2010-08-01',
      });
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain('not a CloudWatch awsJson1_0 request');
      expect(server.calls).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
