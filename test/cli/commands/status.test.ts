import { AwsJsonServer } from '../../support/aws-json-server';
import {
  bluegreen,
  CURRENT_TASK_DEFINITION,
  DEPLOYMENTS,
  endpointEnv,
  FAILED_ID,
  getDeployment,
  groupInfo,
  LAST_SUCCESS_ID,
  noCredentialsEnv,
  OLDER_RUNNING_ID,
  RUNNING_ID,
  RUNNING_TARGET,
  STAGING,
  TARGET_ID,
} from './support/deployments';

const RUNNING_STATUSES = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('bluegreen status against a local CodeDeploy endpoint', () => {
  test('a running deployment: the calls name the staging group, the report shows the 90/10 split and the failed hook', async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({ body: groupInfo({ attempted: LAST_SUCCESS_ID, successful: LAST_SUCCESS_ID }) }),
      ListDeployments: () => ({ body: { deployments: [RUNNING_ID] } }),
      GetDeployment: getDeployment,
      ListDeploymentTargets: () => ({ body: { targetIds: [TARGET_ID] } }),
      GetDeploymentTarget: () => ({ body: RUNNING_TARGET }),
    });

    const run = await bluegreen(['status', '--environment', 'staging'], endpointEnv(server));

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(server.calls).toEqual([
      { operation: 'GetDeploymentGroup', input: STAGING },
      { operation: 'ListDeployments', input: { ...STAGING, includeOnlyStatuses: RUNNING_STATUSES } },
      { operation: 'GetDeployment', input: { deploymentId: RUNNING_ID } },
      { operation: 'ListDeploymentTargets', input: { deploymentId: RUNNING_ID } },
      { operation: 'GetDeploymentTarget', input: { deploymentId: RUNNING_ID, targetId: TARGET_ID } },
    ]);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      'Environment staging: sample-staging/sample-staging-bluegreen (account 222222222222, eu-west-1)',
    );
    expect(lines[1]).toBe(`Deployment ${RUNNING_ID} (running now)`);
    expect(run.stdout).toContain('  Status       InProgress\n');
    expect(run.stdout).toMatch(/ {2}Created {6}2025-03-04 10:00:00 UTC by user \(running for \d+d \d\dh\)\n/);
    expect(run.stdout).toContain('  Config       CodeDeployDefault.ECSCanary10Percent5Minutes\n');
    expect(run.stdout).toContain(`  Revision     task definition ${CURRENT_TASK_DEFINITION}\n`);
    expect(run.stdout).toContain(`  Last success ${LAST_SUCCESS_ID} (completed 2025-03-03 08:20:00 UTC)\n`);
    expect(run.stdout).toContain('Traffic split: blue 90% / green 10%\n');
    expect(run.stdout).toMatch(
      / {2}Blue +90% +tasks 3\/3 running +target group sample-staging-blue +task set ecs-svc\/1111 +PRIMARY\n/,
    );
    expect(run.stdout).toMatch(/ {2}Green +10% +tasks 3\/3 running +target group sample-staging-green/);
    expect(run.stdout).toContain('Lifecycle events (failed: AfterAllowTestTraffic):\n');
    expect(run.stdout).toMatch(/ {2}AfterAllowTestTraffic +Failed +4s\n/);
    expect(run.stdout).toContain(
      '      ScriptFailed in CodeDeployHook_sample-staging: GET /health answered 503, expected 200\n      | check /health: 503\n',
    );
    expect(run.stdout).toMatch(/ {2}AfterInstall +Skipped\n/);
    expect(run.stdout).toMatch(/ {2}AllowTraffic +InProgress\n/);
    expect(run.stdout).toMatch(/ {2}AfterAllowTraffic +Pending\n/);
    expect(run.stdout).toContain('bluegreen rollback --environment staging');
  });

  test('of several running deployments it shows the newest by createTime, following every ListDeployments page', async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({ body: groupInfo({}) }),
      ListDeployments: (input) =>
        input.nextToken === undefined
          ? { body: { deployments: [OLDER_RUNNING_ID], nextToken: 'page-2' } }
          : { body: { deployments: [RUNNING_ID] } },
      GetDeployment: getDeployment,
      ListDeploymentTargets: () => ({ body: { targetIds: [] } }),
    });

    const run = await bluegreen(['status', '--environment', 'staging'], endpointEnv(server));

    expect(run.code).toBe(0);
    expect(server.callsOf('ListDeployments')).toEqual([
      { ...STAGING, includeOnlyStatuses: RUNNING_STATUSES },
      { ...STAGING, includeOnlyStatuses: RUNNING_STATUSES, nextToken: 'page-2' },
    ]);
    expect(run.stdout).toContain(`Deployment ${RUNNING_ID} (running now)`);
    expect(run.stdout).toContain('Traffic split: no target reported yet');
  });

  test('none running: the last attempted deployment from GetDeploymentGroup, with its error and rollback', async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({ body: groupInfo({ attempted: FAILED_ID, successful: LAST_SUCCESS_ID }) }),
      ListDeployments: () => ({ body: { deployments: [] } }),
      GetDeployment: getDeployment,
      ListDeploymentTargets: () => ({ body: { targetIds: [] } }),
    });

    const run = await bluegreen(['status', '--environment', 'staging'], endpointEnv(server));

    expect(run.code).toBe(0);
    expect(server.callsOf('GetDeployment')).toEqual([{ deploymentId: FAILED_ID }]);
    expect(run.stdout).toContain(`Deployment ${FAILED_ID} (the last one; none is running)\n`);
    expect(run.stdout).toContain('  Status       Failed\n');
    expect(run.stdout).toContain('  Completed    2025-03-03 12:09:00 UTC\n');
    expect(run.stdout).toContain('  Error        HOOK_FAILED: A lifecycle hook returned Failed\n');
    expect(run.stdout).toContain(
      '  Rollback     rolled back by deployment d-ROLLBACK5; Automatic rollback on failure\n',
    );
    expect(run.stdout).not.toContain('bluegreen rollback');
  });

  test('a group that never deployed reports so and exits 0', async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({ body: groupInfo({}) }),
      ListDeployments: () => ({ body: {} }),
    });

    const run = await bluegreen(['status', '--environment', 'prod'], endpointEnv(server));

    expect(run.code).toBe(0);
    expect(server.callsOf('GetDeploymentGroup')).toEqual([
      { applicationName: 'sample-prod', deploymentGroupName: 'sample-prod-bluegreen' },
    ]);
    expect(run.stdout).toContain('No deployment yet');
  });

  test('--deployment-id shows that deployment without listing, and refuses one of another group', async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({ body: groupInfo({}) }),
      GetDeployment: (input) =>
        input.deploymentId === 'd-OTHERGRP6'
          ? {
              body: {
                deploymentInfo: {
                  ...DEPLOYMENTS[LAST_SUCCESS_ID],
                  deploymentId: 'd-OTHERGRP6',
                  applicationName: 'other',
                },
              },
            }
          : getDeployment(input, 0),
      ListDeploymentTargets: () => ({ body: { targetIds: [] } }),
    });

    const shown = await bluegreen(
      ['status', '--environment', 'staging', '--deployment-id', LAST_SUCCESS_ID],
      endpointEnv(server),
    );
    const foreign = await bluegreen(
      ['status', '--environment', 'staging', '--deployment-id', 'd-OTHERGRP6'],
      endpointEnv(server),
    );
    const malformed = await bluegreen(
      ['status', '--environment', 'staging', '--deployment-id', 'latest'],
      endpointEnv(server),
    );

    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`Deployment ${LAST_SUCCESS_ID} (as requested)`);
    expect(server.callsOf('ListDeployments')).toEqual([]);
    expect(foreign.code).toBe(2);
    expect(foreign.stderr).toContain(
      'd-OTHERGRP6 belongs to other/sample-staging-bluegreen, not to sample-staging/sample-staging-bluegreen of environment staging',
    );
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain(
      "--deployment-id must be a CodeDeploy deployment id such as d-A1B2C3D4E, got 'latest'",
    );
  });

  test('a ListDeployments that repeats its page token is not followed forever: exit 1', async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({ body: groupInfo({}) }),
      ListDeployments: () => ({ body: { deployments: [], nextToken: 'same' } }),
    });

    const run = await bluegreen(['status', '--environment', 'staging'], endpointEnv(server));

    expect(run.code).toBe(1);
    expect(run.stderr).toBe("bluegreen status: CodeDeploy ListDeployments repeated the page token 'same'\n");
    expect(server.callsOf('ListDeployments')).toHaveLength(2);
  });

  test('a missing deployment group: exit 1 with a message naming group, region and account, no stack trace', async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({
        status: 400,
        errorType: 'DeploymentGroupDoesNotExistException',
        message: 'No Deployment Group found for name: sample-staging-bluegreen',
      }),
    });

    const run = await bluegreen(['status', '--environment', 'staging'], endpointEnv(server));

    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      "bluegreen status: deployment group 'sample-staging-bluegreen' of application 'sample-staging' does not exist in eu-west-1: " +
        'has the staging environment been deployed, and are your credentials for its account 222222222222?\n',
    );
  });

  test('a missing application: exit 1 naming the application', async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({
        status: 400,
        errorType: 'ApplicationDoesNotExistException',
        message: 'No application found',
      }),
    });

    const run = await bluegreen(['status', '--environment', 'staging'], endpointEnv(server));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain("CodeDeploy application 'sample-staging' does not exist in eu-west-1");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test('no credentials anywhere: exit 1 with a sign-in hint, and no call reaches the endpoint', async () => {
    server = await AwsJsonServer.start({ GetDeploymentGroup: () => ({ body: groupInfo({}) }) });

    const run = await bluegreen(['status', '--environment', 'staging'], noCredentialsEnv(server));

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^bluegreen status: no AWS credentials found for sample-staging\/sample-staging-bluegreen/,
    );
    expect(run.stderr).toContain('Sign in with a role in account 222222222222');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.calls).toEqual([]);
  });

  test('an unknown environment: exit 2 listing the configured ones, before any call', async () => {
    server = await AwsJsonServer.start({});

    const run = await bluegreen(['status', '--environment', 'qa'], endpointEnv(server));
    const missing = await bluegreen(['status'], endpointEnv(server));

    expect(run.code).toBe(2);
    expect(run.stderr).toBe("bluegreen status: --environment: unknown environment 'qa' (configured: staging, prod)\n");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing required option --environment');
    expect(server.calls).toEqual([]);
  });
});
