import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ASSUMED_KEY, ASSUMED_TOKEN, CONTAINER_KEY, RoleChainServers } from '../../support/role-chain-servers';
import { compositeAlarm, composites, FAST, STAGING_ALARM, useBakeCli } from './support/bake';

const cli = useBakeCli();
const READER_ROLE_ARN = 'arn:aws:iam::222222222222:role/sample-staging-alarm-reader';

let roles: RoleChainServers | undefined;
afterEach(async () => {
  await roles?.stop();
  roles = undefined;
});

/**
 * buildspecs/bake.yml writes this profile with `aws configure set` and runs the CLI with
 * AWS_PROFILE=environment. The same profile here, with CodeBuild's container credentials and STS on
 * loopback, shows the SDK (not only the AWS CLI) takes that path: AssumeRole on the reader role with
 * the container's credentials, then DescribeAlarms signed with the reader role's.
 */
test('AWS_PROFILE with role_arn + credential_source = EcsContainer: the bake reads the alarm as the reader role', async () => {
  roles = await RoleChainServers.start();
  const server = await cli.fakeCloudWatch(() => composites(compositeAlarm('OK')));
  const config = join(cli.work(), 'aws-config');
  writeFileSync(config, `[profile environment]\nrole_arn = ${READER_ROLE_ARN}\ncredential_source = EcsContainer\n`);
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  Object.assign(process.env, {
    AWS_PROFILE: 'environment',
    AWS_CONFIG_FILE: config,
    AWS_CONTAINER_CREDENTIALS_FULL_URI: roles.containerCredentialsUri,
    AWS_ENDPOINT_URL_STS: roles.url,
  });

  const run = await cli.bake(['--environment', 'staging', ...FAST]);

  expect(run.stdout).toContain('PASS  bake of staging');
  expect(run.code).toBe(0);
  expect(roles.assumeRoleCalls).toEqual([{ roleArn: READER_ROLE_ARN, callerKey: CONTAINER_KEY }]);
  expect(server.calls.length).toBeGreaterThanOrEqual(2);
  for (const call of server.calls) {
    expect(call).toMatchObject({
      input: { AlarmNames: [STAGING_ALARM] },
      region: 'eu-west-1',
      accessKeyId: ASSUMED_KEY,
      sessionToken: ASSUMED_TOKEN,
    });
  }
});

test('without any credentials the bake fails at once, naming the profile it needs, and calls nothing', async () => {
  const server = await cli.fakeCloudWatch(() => composites(compositeAlarm('OK')));
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;

  const run = await cli.bake(['--environment', 'staging', ...FAST]);

  expect(run.code).toBe(1);
  expect(server.calls).toEqual([]);
  expect(run.stdout).toContain('no AWS credentials found to read sample-staging-rollback-any in account 222222222222');
  expect(run.stdout).toContain('credential_source = EcsContainer');
});
