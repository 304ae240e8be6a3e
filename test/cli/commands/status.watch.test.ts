import { AwsJsonServer } from '../../support/aws-json-server';
import {
  bluegreen,
  DEPLOYMENTS,
  endpointEnv,
  getDeployment,
  groupInfo,
  LAST_SUCCESS_ID,
  RUNNING_ID,
  RUNNING_TARGET,
  TARGET_ID,
} from './support/deployments';

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** The running deployment answers with each of `statuses` in turn, the last one from then on. */
async function deploymentEndingAs(...statuses: string[]): Promise<AwsJsonServer> {
  let reads = 0;
  server = await AwsJsonServer.start({
    GetDeploymentGroup: () => ({ body: groupInfo({ attempted: LAST_SUCCESS_ID, successful: LAST_SUCCESS_ID }) }),
    ListDeployments: () => ({ body: { deployments: [RUNNING_ID] } }),
    GetDeployment: (input, callIndex) => {
      if (input.deploymentId !== RUNNING_ID) return getDeployment(input, callIndex);
      const status = statuses[Math.min(reads++, statuses.length - 1)];
      return { body: { deploymentInfo: { ...DEPLOYMENTS[RUNNING_ID], status } } };
    },
    ListDeploymentTargets: () => ({ body: { targetIds: [TARGET_ID] } }),
    GetDeploymentTarget: () => ({ body: RUNNING_TARGET }),
  });
  return server;
}

const WATCH = ['status', '-e', 'staging', '--watch', '--interval', '1'];

describe('bluegreen status --watch against a local CodeDeploy endpoint', () => {
  test('reports until the deployment succeeds, following the same deployment by id, exit 0', async () => {
    const s = await deploymentEndingAs('InProgress', 'Succeeded');
    const run = await bluegreen(WATCH, endpointEnv(s));

    expect(run.code).toBe(0);
    expect(run.stdout.match(/^ {2}Status {7}\S+$/gm)).toEqual([
      '  Status       InProgress',
      '  Status       Succeeded',
    ]);
    const reads = s.calls.filter((c) => c.operation === 'GetDeployment').map((c) => c.input.deploymentId);
    expect(reads).toEqual([RUNNING_ID, RUNNING_ID]);
    // The second round asks for the watched deployment, not for whatever runs now.
    expect(s.calls.filter((c) => c.operation === 'ListDeployments')).toHaveLength(1);
  });

  test('a deployment that fails ends the watch with exit 3', async () => {
    const s = await deploymentEndingAs('InProgress', 'Failed');
    const run = await bluegreen(WATCH, endpointEnv(s));
    expect(run.code).toBe(3);
  });

  test('a status CodeDeploy may add later stops the watch with exit 1 and names it', async () => {
    const s = await deploymentEndingAs('Paused');
    const run = await bluegreen(WATCH, endpointEnv(s));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "status --watch: CodeDeploy reports status 'Paused', which this tool does not know; stopped watching.\n",
    );
  });

  test('an interval that is not a whole number of seconds is a usage error naming the flag', async () => {
    const run = await bluegreen([...WATCH.slice(0, -1), '0.5'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--interval must be a whole number of seconds from 1 to 3600, got '0.5'");
  });
});
