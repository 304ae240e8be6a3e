import { Readable } from 'node:stream';
import { previousRevisionOf } from '../../../core/deployments';
import { AwsJsonServer, type OperationHandler } from '../../support/aws-json-server';
import {
  bluegreen,
  DEPLOYMENTS,
  endpointEnv,
  getDeployment,
  groupInfo,
  LAST_SUCCESS_ID,
  LIVE_TASK_DEFINITION,
  PREVIOUS_TASK_DEFINITION,
  RUNNING_ID,
  STAGING,
} from './support/deployments';

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** A group whose last success is LAST_SUCCESS_ID, with `running` deployments unfinished. */
async function finishedGroup(
  options: { running?: string[]; successful?: string; create?: OperationHandler } = {},
): Promise<AwsJsonServer> {
  server = await AwsJsonServer.start({
    GetDeploymentGroup: () => ({
      body: groupInfo({ attempted: LAST_SUCCESS_ID, successful: options.successful ?? LAST_SUCCESS_ID }),
    }),
    ListDeployments: () => ({ body: { deployments: options.running ?? [] } }),
    GetDeployment: getDeployment,
    CreateDeployment: options.create ?? (() => ({ body: { deploymentId: 'd-REDEPLOY5' } })),
  });
  return server;
}

const ARGS = ['rollback', '--to-previous', '-e', 'staging'];

describe('bluegreen rollback --to-previous against a local CodeDeploy endpoint', () => {
  test("confirmed with 'y': CreateDeployment of the revision before the live one, in the same group", async () => {
    const s = await finishedGroup();
    const run = await bluegreen(ARGS, endpointEnv(s), Readable.from(['y\n']));

    expect(run.code).toBe(0);
    const create = s.calls.find((c) => c.operation === 'CreateDeployment');
    expect(create?.input).toEqual({
      applicationName: STAGING.applicationName,
      deploymentGroupName: STAGING.deploymentGroupName,
      revision: DEPLOYMENTS[LAST_SUCCESS_ID].previousRevision,
      description: `bluegreen rollback --to-previous: the revision before ${LAST_SUCCESS_ID}`,
    });
    expect(run.stdout).toContain(`Live now: ${LAST_SUCCESS_ID}, task definition ${LIVE_TASK_DEFINITION}\n`);
    expect(run.stdout).toContain(`Deploys again: task definition ${PREVIOUS_TASK_DEFINITION}`);
    expect(run.stdout).toContain('CodeDeploy started d-REDEPLOY5.');
    expect(run.stderr).toBe(`Deploy ${PREVIOUS_TASK_DEFINITION} to staging again? [y/N] `);
  });

  test('declined: nothing is deployed, exit 3', async () => {
    const s = await finishedGroup();
    const run = await bluegreen(ARGS, endpointEnv(s), Readable.from(['n\n']));

    expect(run.code).toBe(3);
    expect(s.calls.map((c) => c.operation)).not.toContain('CreateDeployment');
    expect(run.stderr).toContain("Not confirmed (answered 'n'). Nothing was deployed.");
  });

  test('a deployment still running: exit 3, it points to rollback and deploys nothing', async () => {
    const s = await finishedGroup({ running: [RUNNING_ID] });
    const run = await bluegreen([...ARGS, '--yes'], endpointEnv(s));

    expect(run.code).toBe(3);
    expect(s.calls.map((c) => c.operation)).not.toContain('CreateDeployment');
    expect(run.stderr).toBe(
      `rollback --to-previous: ${RUNNING_ID} is still InProgress in staging; stop it first with ` +
        '`bluegreen rollback -e staging` (its traffic goes back to blue). Nothing was deployed.\n',
    );
  });

  test('no successful deployment to go back from: exit 3, nothing deployed', async () => {
    const s = await finishedGroup({ successful: '' });
    const run = await bluegreen([...ARGS, '--yes'], endpointEnv(s));

    expect(run.code).toBe(3);
    expect(s.calls.map((c) => c.operation)).not.toContain('CreateDeployment');
    expect(run.stderr).toContain('no deployment of this group has succeeded yet');
  });

  test('CreateDeployment refused: exit 1 with CodeDeploy’s reason', async () => {
    const s = await finishedGroup({
      create: () => ({
        status: 400,
        errorType: 'DeploymentLimitExceededException',
        message: 'The deployment group already has an active deployment',
      }),
    });
    const run = await bluegreen([...ARGS, '--yes'], endpointEnv(s));

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('The deployment group already has an active deployment');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('previousRevisionOf', () => {
  test('refuses a previous revision without an inline ECS appspec, naming its type', () => {
    const previous = previousRevisionOf({
      deploymentId: 'd-1',
      previousRevision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'k' } },
    });
    expect(previous).toEqual({
      kind: 'none',
      reason: 'the revision before d-1 holds no ECS appspec with a task definition (S3)',
    });
  });

  test('refuses a live deployment whose previous revision CodeDeploy does not report', () => {
    expect(previousRevisionOf({ deploymentId: 'd-1' })).toMatchObject({ kind: 'none' });
  });
});
