import type { DeploymentGroupInfo, DeploymentInfo } from '@aws-sdk/client-codedeploy';
import { chooseDeployment, deploymentPhase, foreignDeploymentProblem, newestFirst } from '../../../core/deployments';

const at = (iso: string) => new Date(iso);
const running = (deploymentId: string, createTime?: Date): DeploymentInfo => ({
  deploymentId,
  status: 'InProgress',
  createTime,
});

describe('chooseDeployment', () => {
  test('prefers the newest running deployment by createTime, whatever order ListDeployments gave', () => {
    const older = running('d-OLDER0001', at('2025-03-04T09:00:00Z'));
    const newer = running('d-NEWER0002', at('2025-03-04T10:00:00Z'));
    const group: DeploymentGroupInfo = { lastAttemptedDeployment: { deploymentId: 'd-LAST00003' } };

    expect(chooseDeployment([older, newer], group)).toEqual({ kind: 'running', deployment: newer });
    expect(chooseDeployment([newer, older], group)).toEqual({ kind: 'running', deployment: newer });
  });

  test("without a running deployment it is the group's last attempted one", () => {
    expect(
      chooseDeployment([], { lastAttemptedDeployment: { deploymentId: 'd-LAST00003', status: 'Failed' } }),
    ).toEqual({
      kind: 'last attempted',
      deploymentId: 'd-LAST00003',
    });
  });

  test('a group that never deployed has none', () => {
    expect(chooseDeployment([], {})).toEqual({ kind: 'none' });
    expect(chooseDeployment([], { lastAttemptedDeployment: { deploymentId: '' } })).toEqual({ kind: 'none' });
  });
});

describe('newestFirst', () => {
  test('sorts without createTime last and breaks ties by id, without changing its input', () => {
    const input = [
      running('d-NOTIME001'),
      running('d-B00000002', at('2025-01-01T00:00:00Z')),
      running('d-A00000003', at('2025-01-01T00:00:00Z')),
      running('d-NEWEST004', at('2025-02-01T00:00:00Z')),
    ];
    expect(newestFirst(input).map((d) => d.deploymentId)).toEqual([
      'd-NEWEST004',
      'd-A00000003',
      'd-B00000002',
      'd-NOTIME001',
    ]);
    expect(input[0].deploymentId).toBe('d-NOTIME001');
  });
});

describe('deploymentPhase', () => {
  test.each([
    ['Created', 'running'],
    ['Queued', 'running'],
    ['InProgress', 'running'],
    ['Baking', 'running'],
    ['Ready', 'running'],
    ['Succeeded', 'finished'],
    ['Failed', 'finished'],
    ['Stopped', 'finished'],
    ['Paused', 'unknown'],
    [undefined, 'unknown'],
  ])('%s is %s', (status, phase) => {
    expect(deploymentPhase(status)).toBe(phase);
  });
});

describe('foreignDeploymentProblem', () => {
  const expected = {
    application: 'sample-staging',
    deploymentGroup: 'sample-staging-bluegreen',
    environment: 'staging',
  };

  test("accepts the environment's own deployment", () => {
    const own = {
      deploymentId: 'd-OWN000001',
      applicationName: 'sample-staging',
      deploymentGroupName: 'sample-staging-bluegreen',
    };
    expect(foreignDeploymentProblem(own, expected)).toBeUndefined();
  });

  test('names both groups for a deployment of another one', () => {
    const other = {
      deploymentId: 'd-PROD00001',
      applicationName: 'sample-prod',
      deploymentGroupName: 'sample-prod-bluegreen',
    };
    expect(foreignDeploymentProblem(other, expected)).toBe(
      'deployment d-PROD00001 belongs to sample-prod/sample-prod-bluegreen, not to sample-staging/sample-staging-bluegreen of environment staging',
    );
  });
});
