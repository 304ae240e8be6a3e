import { Readable } from 'node:stream';
import { AwsJsonServer, type OperationHandler } from '../../support/aws-json-server';
import {
  bluegreen,
  endpointEnv,
  FAILED_ID,
  getDeployment,
  groupInfo,
  LAST_SUCCESS_ID,
  LIVE_TASK_DEFINITION,
  noCredentialsEnv,
  PREVIOUS_TASK_DEFINITION,
  RUNNING_ID,
  STAGING,
} from './support/deployments';

const RUNNING_STATUSES = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];
const PROMPT = `Stop ${RUNNING_ID} and roll staging back to blue? [y/N] `;

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** A group with RUNNING_ID in progress; StopDeployment answers with `stop`. */
async function runningGroup(
  stop: OperationHandler = () => ({ body: { status: 'Pending', statusMessage: 'Stopping deployment' } }),
) {
  server = await AwsJsonServer.start({
    GetDeploymentGroup: () => ({ body: groupInfo({ attempted: LAST_SUCCESS_ID, successful: LAST_SUCCESS_ID }) }),
    ListDeployments: () => ({ body: { deployments: [RUNNING_ID] } }),
    GetDeployment: getDeployment,
    StopDeployment: stop,
  });
  return server;
}

const stdinOf = (...chunks: string[]) => Readable.from(chunks);

describe('bluegreen rollback against a local CodeDeploy endpoint', () => {
  test("confirmed with 'y': StopDeployment of the running deployment with autoRollbackEnabled true", async () => {
    const s = await runningGroup();

    const run = await bluegreen(['rollback', '--environment', 'staging'], endpointEnv(s), stdinOf('y\n'));

    expect(run.code).toBe(0);
    expect(s.calls).toEqual([
      { operation: 'GetDeploymentGroup', input: STAGING },
      { operation: 'ListDeployments', input: { ...STAGING, includeOnlyStatuses: RUNNING_STATUSES } },
      { operation: 'GetDeployment', input: { deploymentId: RUNNING_ID } },
      { operation: 'StopDeployment', input: { deploymentId: RUNNING_ID, autoRollbackEnabled: true } },
    ]);
    expect(run.stderr).toBe(PROMPT);
    expect(run.stdout).toMatch(
      new RegExp(`^Running: ${RUNNING_ID} InProgress, created 2025-03-04 10:00:00 UTC by user`),
    );
    expect(run.stdout).toContain(
      `CodeDeploy accepted the stop of ${RUNNING_ID} and rolls back to blue once it takes effect (Pending: Stopping deployment).\n`,
    );
    expect(run.stdout).toContain('Follow the rollback with: bluegreen status --environment staging\n');
  });

  test("declined with 'n': nothing is stopped, exit 3", async () => {
    const s = await runningGroup();

    const run = await bluegreen(['rollback', '--environment', 'staging'], endpointEnv(s), stdinOf('n\n'));

    expect(run.code).toBe(3);
    expect(s.callsOf('StopDeployment')).toEqual([]);
    expect(run.stderr).toBe(`${PROMPT}\nNot confirmed (answered 'n'). Nothing was stopped.\n`);
  });

  test('stdin closed without an answer (CI, no TTY): nothing is stopped and it says to pass --yes', async () => {
    const s = await runningGroup();

    const run = await bluegreen(['rollback', '--environment', 'staging'], endpointEnv(s), stdinOf());

    expect(run.code).toBe(3);
    expect(s.callsOf('StopDeployment')).toEqual([]);
    expect(run.stderr).toContain(
      'No answer: stdin is closed or not interactive. Nothing was stopped; pass --yes to stop without asking.',
    );
  });

  test('--yes stops without asking and without reading stdin', async () => {
    const s = await runningGroup(() => ({ body: { status: 'Succeeded', statusMessage: 'Deployment stopped' } }));
    const stdin = stdinOf('n\n');

    const run = await bluegreen(['rollback', '--environment', 'staging', '--yes'], endpointEnv(s), stdin);

    expect(run.code).toBe(0);
    expect(s.callsOf('StopDeployment')).toEqual([{ deploymentId: RUNNING_ID, autoRollbackEnabled: true }]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(
      `Stopped ${RUNNING_ID}; CodeDeploy is rolling back to the original (blue) task set (Succeeded: Deployment stopped).\n`,
    );
    expect(stdin.readableEnded).toBe(false);
  });

  test('a StopDeployment answer it does not know is a failure (exit 1), not a success', async () => {
    const s = await runningGroup(() => ({ body: { status: 'Mystery' } }));

    const run = await bluegreen(['rollback', '--environment', 'staging', '-y'], endpointEnv(s));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`CodeDeploy answered StopDeployment for ${RUNNING_ID} with status 'Mystery'`);
  });

  test('the deployment finished meanwhile: exit 1 with a clear message', async () => {
    const s = await runningGroup(() => ({
      status: 400,
      errorType: 'DeploymentAlreadyCompletedException',
      message: 'Deployment d-RUNNING01 has already completed',
    }));

    const run = await bluegreen(['rollback', '--environment', 'staging', '--yes'], endpointEnv(s));

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'bluegreen rollback: StopDeployment: the deployment finished before it could be stopped ' +
        "(Deployment d-RUNNING01 has already completed); see 'bluegreen status --environment staging'\n",
    );
  });

  test('none running: explains how to redeploy the revision before the live one, exit 3, nothing stopped', async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({ body: groupInfo({ attempted: FAILED_ID, successful: LAST_SUCCESS_ID }) }),
      ListDeployments: () => ({ body: { deployments: [] } }),
      GetDeployment: getDeployment,
    });

    const run = await bluegreen(['rollback', '--environment', 'staging', '--yes'], endpointEnv(server));

    expect(run.code).toBe(3);
    expect(server.calls.map((c) => c.operation)).toEqual(['GetDeploymentGroup', 'ListDeployments', 'GetDeployment']);
    expect(server.callsOf('GetDeployment')).toEqual([{ deploymentId: LAST_SUCCESS_ID }]);
    expect(run.stdout).toContain('is running, so there is nothing to stop; nothing was changed.\n');
    expect(run.stdout).toContain(`Last attempted: ${FAILED_ID} Failed, ended 2025-03-03 12:09:00 UTC`);
    expect(run.stdout).toContain(
      `Live now: ${LAST_SUCCESS_ID}, completed 2025-03-03 08:20:00 UTC, task definition ${LIVE_TASK_DEFINITION}\n`,
    );
    expect(run.stdout).toContain(`The revision before it: task definition ${PREVIOUS_TASK_DEFINITION}\n`);
    expect(run.stdout).toContain(
      `aws deploy get-deployment --region eu-west-1 --deployment-id ${LAST_SUCCESS_ID} --query deploymentInfo.previousRevision --output json > previous-revision.json`,
    );
    expect(run.stdout).toContain(
      'aws deploy create-deployment --region eu-west-1 --application-name sample-staging --deployment-group-name sample-staging-bluegreen --revision file://previous-revision.json',
    );
  });

  test('none running and never succeeded: says there is nothing to go back to', async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({ body: groupInfo({ attempted: FAILED_ID }) }),
      ListDeployments: () => ({ body: { deployments: [] } }),
    });

    const run = await bluegreen(['rollback', '--environment', 'staging'], endpointEnv(server));

    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      'No deployment of this group has succeeded yet, so there is no earlier revision to go back to.',
    );
    expect(server.callsOf('GetDeployment')).toEqual([]);
  });

  test('a missing deployment group: exit 1 with a clear message, nothing stopped', async () => {
    server = await AwsJsonServer.start({
      GetDeploymentGroup: () => ({
        status: 400,
        errorType: 'DeploymentGroupDoesNotExistException',
        message: 'No group',
      }),
    });

    const run = await bluegreen(['rollback', '--environment', 'prod', '--yes'], endpointEnv(server));

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "bluegreen rollback: deployment group 'sample-prod-bluegreen' of application 'sample-prod' does not exist in eu-west-1: " +
        'has the prod environment been deployed, and are your credentials for its account 333333333333?\n',
    );
    expect(server.calls.map((c) => c.operation)).toEqual(['GetDeploymentGroup']);
  });

  test('no credentials anywhere: exit 1 with a sign-in hint, no call reaches the endpoint', async () => {
    server = await AwsJsonServer.start({});

    const run = await bluegreen(['rollback', '--environment', 'staging', '--yes'], noCredentialsEnv(server));

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^bluegreen rollback: no AWS credentials found for sample-staging\/sample-staging-bluegreen/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(server.calls).toEqual([]);
  });

  test('an unknown environment: exit 2 listing the configured ones, before any call', async () => {
    server = await AwsJsonServer.start({});

    const run = await bluegreen(['rollback', '--environment', 'production', '--yes'], endpointEnv(server));

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "bluegreen rollback: --environment: unknown environment 'production' (configured: staging, prod)\n",
    );
    expect(server.calls).toEqual([]);
  });
});
