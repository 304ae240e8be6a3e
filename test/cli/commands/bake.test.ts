import { epochSeconds } from '../../support/cloudwatch-server';
import { BOTH_TYPES, compositeAlarm, composites, FAST, STAGING_ALARM, useBakeCli } from './support/bake';

const cli = useBakeCli();

const describeStaging = {
  operation: 'DescribeAlarms',
  input: { AlarmNames: [STAGING_ALARM], AlarmTypes: BOTH_TYPES },
  region: 'eu-west-1',
  signingService: 'monitoring',
  accessKeyId: 'AKIDBAKETEST',
  queryMode: 'true',
};

describe('bluegreen bake against a local CloudWatch endpoint', () => {
  test('a quiet alarm: every read asks for the rollback composite by name, in the environment region; exit 0', async () => {
    const server = await cli.fakeCloudWatch(() => composites(compositeAlarm('OK')));

    const run = await cli.bake(['--environment', 'staging', ...FAST]);

    expect(run.code).toBe(0);
    expect(server.calls.length).toBeGreaterThanOrEqual(2);
    for (const call of server.calls) expect(call).toEqual(describeStaging);
    expect(run.stderr).toContain(`bake: watching ${STAGING_ALARM} (account 222222222222, eu-west-1) for 0.030s`);
    expect(run.stdout).toMatch(
      new RegExp(
        `^PASS  bake of staging: alarm ${STAGING_ALARM} stayed quiet for 0.0005 minutes\n` +
          ' {6}last state: OK \\(CompositeAlarm\\)\n {6}reason: OK reason\n {6}state updated: 2026-01-01T11:00:00.000Z\n' +
          ` {6}${server.calls.length} sample\\(s\\) over 0\\.\\d{3}s; states seen: OK ×${server.calls.length}\n$`,
      ),
    );
  });

  test('ALARM mid-way: exit 1 at once, with the reason and the time of the state change', async () => {
    const server = await cli.fakeCloudWatch((_input, index) =>
      index < 2
        ? composites(compositeAlarm('OK'))
        : composites(
            compositeAlarm('ALARM', {
              StateReason: 'arn:aws:cloudwatch:eu-west-1:222222222222:alarm:sample-staging-5xx transitioned to ALARM',
              StateUpdatedTimestamp: epochSeconds('2026-01-01T12:00:07Z'),
              StateTransitionedTimestamp: epochSeconds('2026-01-01T12:00:07Z'),
            }),
          ),
    );

    const run = await cli.bake(['--environment', 'staging', '--minutes', '1', '--poll-seconds', '0.005']);

    expect(run.code).toBe(1);
    expect(server.calls).toHaveLength(3);
    expect(run.stdout).toContain(`FAIL  bake of staging: alarm ${STAGING_ALARM} is in ALARM\n`);
    expect(run.stdout).toContain('      state: ALARM (CompositeAlarm)\n');
    expect(run.stdout).toContain('sample-staging-5xx transitioned to ALARM\n');
    expect(run.stdout).toContain('      state updated: 2026-01-01T12:00:07.000Z\n');
    expect(run.stdout).toContain('3 sample(s)');
    expect(run.stderr).toMatch(/bake: 0\.\d{3}s sample-staging-rollback-any is ALARM: arn:/);
  });

  test('a missing alarm fails closed, naming the account and the "*" permission', async () => {
    const server = await cli.fakeCloudWatch(() => ({ body: { CompositeAlarms: [], MetricAlarms: [] } }));

    const run = await cli.bake(['--environment', 'staging', ...FAST]);

    expect(run.code).toBe(1);
    expect(server.calls).toEqual([describeStaging]);
    expect(run.stdout).toContain(
      `FAIL  bake of staging: alarm ${STAGING_ALARM} does not exist in account 222222222222, eu-west-1`,
    );
    expect(run.stdout).toContain('cloudwatch:DescribeAlarms allowed on "*"');
  });

  test('a state the bake does not know fails', async () => {
    await cli.fakeCloudWatch(() => composites(compositeAlarm('SUPPRESSED')));

    const run = await cli.bake(['--environment', 'staging', ...FAST]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('is in state "SUPPRESSED", which the bake does not know');
  });

  test('INSUFFICIENT_DATA passes as quiet and says so', async () => {
    await cli.fakeCloudWatch(() => composites(compositeAlarm('INSUFFICIENT_DATA')));

    const run = await cli.bake(['--environment', 'staging', ...FAST]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('it was INSUFFICIENT_DATA at times; the bake counts that as quiet');
    expect(run.stdout).toMatch(/states seen: INSUFFICIENT_DATA ×\d+\n/);
  });

  test('a metric alarm of that name is watched the same way', async () => {
    await cli.fakeCloudWatch(() => ({ body: { CompositeAlarms: [], MetricAlarms: [compositeAlarm('OK')] } }));

    const run = await cli.bake(['--environment', 'staging', ...FAST]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('last state: OK (MetricAlarm)');
  });

  test('an answer about another alarm is not trusted', async () => {
    await cli.fakeCloudWatch(() => composites(compositeAlarm('OK', { AlarmName: 'someone-else' })));

    const run = await cli.bake(['--environment', 'staging', ...FAST]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('with ["someone-else"]; cannot tell its state');
  });

  test('AccessDenied: exit 1 after one call, with the hint that DescribeAlarms must be allowed on "*"', async () => {
    const server = await cli.fakeCloudWatch(() => ({
      status: 403,
      code: 'AccessDenied',
      message: 'User: arn:aws:sts::222222222222:assumed-role/sample-staging-alarm-reader/x is not authorized',
    }));

    const run = await cli.bake(['--environment', 'staging', ...FAST]);

    expect(run.code).toBe(1);
    expect(server.calls).toHaveLength(1);
    expect(run.stdout).toContain('CloudWatch refused DescribeAlarms for sample-staging-rollback-any');
    expect(run.stdout).toContain('(AccessDenied: User: arn:aws:sts::222222222222:assumed-role/');
    expect(run.stdout).toContain('needs cloudwatch:DescribeAlarms with Resource "*"');
  });

  test('throttling and server faults are retried by the bake, which still passes on quiet reads', async () => {
    // One attempt per read, so the bake's own retry (not the SDK's backoff) is what the test sees.
    process.env.AWS_MAX_ATTEMPTS = '1';
    const server = await cli.fakeCloudWatch((_input, index) => {
      if (index === 1) return { status: 400, code: 'Throttling', message: 'Rate exceeded' };
      if (index === 2) return { status: 500, code: 'InternalServiceError', message: 'oops' };
      return composites(compositeAlarm('OK'));
    });

    const run = await cli.bake(['--environment', 'staging', ...FAST]);

    expect(run.code).toBe(0);
    expect(server.calls.length).toBeGreaterThanOrEqual(4);
    expect(run.stderr).toContain('read failed, retrying: CloudWatch throttled DescribeAlarms (Throttling)');
    // The SDK maps the query code InternalServiceError to its modelled InternalServiceFault.
    expect(run.stderr).toContain(
      'read failed, retrying: CloudWatch failed DescribeAlarms (InternalServiceFault: oops)',
    );
    expect(run.stdout).toContain('2 failed read(s) retried');
  });

  test('endless throttling ends the bake with exit 1', async () => {
    process.env.AWS_MAX_ATTEMPTS = '1';
    const server = await cli.fakeCloudWatch(() => ({ status: 400, code: 'Throttling', message: 'Rate exceeded' }));

    const run = await cli.bake(['--environment', 'staging', ...FAST]);

    expect(run.code).toBe(1);
    expect(server.calls).toHaveLength(6);
    expect(run.stdout).toContain('6 reads in a row failed; the last: CloudWatch throttled DescribeAlarms');
  });

  test('the region comes from the environment in the config, not from AWS_REGION', async () => {
    const server = await cli.fakeCloudWatch(() =>
      composites(compositeAlarm('OK', { AlarmName: 'sample-prod-rollback-any' })),
    );
    const config = cli.configWith(
      "name: prod\n    account: '333333333333'\n    region: eu-west-1\n    availabilityZones: [eu-west-1a, eu-west-1b, eu-west-1c]",
      "name: prod\n    account: '333333333333'\n    region: eu-central-1\n    availabilityZones: [eu-central-1a, eu-central-1b]",
    );

    const run = await cli.bake(['--environment', 'prod', ...FAST], config);

    expect(run.code).toBe(0);
    expect(server.calls[0]).toMatchObject({
      input: { AlarmNames: ['sample-prod-rollback-any'], AlarmTypes: BOTH_TYPES },
      region: 'eu-central-1',
    });
  });

  test('--alarm and --region override the config', async () => {
    const server = await cli.fakeCloudWatch(() => composites(compositeAlarm('OK', { AlarmName: 'my-own-alarm' })));

    const run = await cli.bake([
      '--environment',
      'staging',
      '--alarm',
      'my-own-alarm',
      '--region',
      'us-east-1',
      ...FAST,
    ]);

    expect(run.code).toBe(0);
    expect(server.calls[0]).toMatchObject({
      input: { AlarmNames: ['my-own-alarm'], AlarmTypes: BOTH_TYPES },
      region: 'us-east-1',
    });
  });

  test("without --minutes the bake lasts the environment's alarm detection time (2 × 60 s for staging)", async () => {
    await cli.fakeCloudWatch(() => composites(compositeAlarm('ALARM')));

    const run = await cli.bake(['--environment', 'staging']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('for 2m00s, reading every 30s\n');
  });
});
