import { join } from 'node:path';
import { bluegreen } from './support/deployments';
import { AwsJsonServer } from '../../support/aws-json-server';
import { REPO_ROOT } from '../../support/configs';
import { event, logsEnv } from './support/logs';

const PROJECT = 'sample-staging-integration';
const SUITE_GROUP = 'sample-staging-service-ServiceGateSuiteLogs1A2B3C4D-AbC012';

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const project = (cloudWatchLogs: Record<string, unknown>) => ({
  body: { projects: [{ name: PROJECT, logsConfig: { cloudWatchLogs } }], projectsNotFound: [] },
});
const suiteLogs = (args: string[], env: Record<string, string> = {}) =>
  bluegreen(['logs', '-e', 'staging', '--integration-suite', ...args], {
    ...logsEnv(server!),
    AWS_ENDPOINT_URL_CODEBUILD: server!.url,
    ...env,
  });

describe('bluegreen logs --integration-suite against local CodeBuild and CloudWatch Logs endpoints', () => {
  test("reads the log group of the suite's CodeBuild project, every build's stream", async () => {
    server = await AwsJsonServer.start({
      BatchGetProjects: () => project({ status: 'ENABLED', groupName: SUITE_GROUP }),
      FilterLogEvents: () => ({ body: { events: [event('e1', '2026-12-06T10:00:01Z', 'PASS checkout.test.ts')] } }),
    });

    const run = await suiteLogs([]);

    expect(run.code).toBe(0);
    expect(server.calls.map((c) => c.operation)).toEqual(['BatchGetProjects', 'FilterLogEvents']);
    expect(server.callsOf('BatchGetProjects')).toEqual([{ names: [PROJECT] }]);
    expect(server.callsOf('FilterLogEvents')).toEqual([{ logGroupName: SUITE_GROUP, startTime: expect.any(Number) }]);
    expect(run.stderr).toContain(
      `bluegreen logs: reading log group ${SUITE_GROUP}, all streams (account 222222222222, eu-west-1), ` +
        `integration suite builds of CodeBuild project ${PROJECT}, since `,
    );
    expect(run.stdout).toBe('2026-12-06T10:00:01.000Z app/app/0123456789abcdef PASS checkout.test.ts\n');
  });

  test('a project with a stream name reads only the streams under it', async () => {
    server = await AwsJsonServer.start({
      BatchGetProjects: () => project({ status: 'ENABLED', groupName: SUITE_GROUP, streamName: 'suite' }),
      FilterLogEvents: () => ({ body: { events: [] } }),
    });

    const run = await suiteLogs([]);

    expect(run.code).toBe(0);
    expect(server.callsOf('FilterLogEvents')[0]).toMatchObject({ logStreamNamePrefix: 'suite/' });
  });

  test.each([
    [
      'a project CodeBuild does not know',
      () => ({ body: { projects: [], projectsNotFound: [PROJECT] } }),
      `bluegreen logs: CodeBuild project ${PROJECT} (account 222222222222, eu-west-1) does not exist: has the staging ` +
        'environment been deployed, and are your credentials for its account 222222222222?\n',
    ],
    [
      'a project without CloudWatch Logs',
      () => project({ status: 'DISABLED' }),
      `bluegreen logs: CodeBuild project ${PROJECT} (account 222222222222, eu-west-1) does not write its builds' logs ` +
        'to a CloudWatch Logs group of its own\n',
    ],
  ])('%s: exit 3, one line, no log call', async (_, answer, line) => {
    server = await AwsJsonServer.start({ BatchGetProjects: answer, FilterLogEvents: () => ({ body: { events: [] } }) });

    const run = await suiteLogs([]);

    expect(run.code).toBe(3);
    expect(server.callsOf('FilterLogEvents')).toEqual([]);
    expect(run.stderr.split('\n').slice(-2).join('\n')).toBe(line);
  });

  test.each([
    [['--container', 'app'], {}, "--container names a service's container; the integration suite has none"],
    [
      ['-s', 'worker'],
      {},
      "--service: the integration suite tests service 'service', not 'worker'; leave --service out",
    ],
    [
      [],
      { PIPELINE_CONFIG: join(REPO_ROOT, 'test/fixtures/data-app.yaml') },
      '--integration-suite: the configuration has no integrationTests',
    ],
  ])('%j (%j): exit 2 before any call', async (args, env, message) => {
    server = await AwsJsonServer.start({});

    const run = await suiteLogs(args, env);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`bluegreen logs: ${message}`);
    expect(server.calls).toEqual([]);
  });
});
