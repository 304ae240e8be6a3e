import type { DeploymentInfo, DeploymentTarget } from '@aws-sdk/client-codedeploy';
import {
  formatDeploymentReport,
  formatRunningSummary,
  type DeploymentReport,
  type GroupRef,
} from '../../../core/deployments';

const REF: GroupRef = {
  environment: 'staging',
  account: '222222222222',
  region: 'eu-west-1',
  application: 'sample-staging',
  deploymentGroup: 'sample-staging-bluegreen',
};
const NOW = new Date('2025-03-04T10:14:03Z');
const APPSPEC =
  'Resources:\n  - TargetService:\n      Properties:\n        TaskDefinition: arn:aws:ecs:eu-west-1:222222222222:task-definition/sample-staging:42\n';

const RUNNING: DeploymentInfo = {
  deploymentId: 'd-RUNNING01',
  status: 'InProgress',
  creator: 'user',
  createTime: new Date('2025-03-04T10:00:00Z'),
  deploymentConfigName: 'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
  revision: { revisionType: 'AppSpecContent', appSpecContent: { content: APPSPEC } },
  deploymentOverview: { Pending: 0, InProgress: 1, Succeeded: 0 },
};

const TARGET: DeploymentTarget = {
  deploymentTargetType: 'ECSTarget',
  ecsTarget: {
    targetId: 'sample-staging:sample-staging',
    status: 'InProgress',
    taskSetsInfo: [
      { taskSetLabel: 'Blue', trafficWeight: 70, identifer: 'ecs-svc/1' },
      { taskSetLabel: 'Green', trafficWeight: 30, identifer: 'ecs-svc/2' },
    ],
    lifecycleEvents: [
      { lifecycleEventName: 'BeforeInstall', status: 'Succeeded' },
      {
        lifecycleEventName: 'BeforeAllowTraffic',
        status: 'Failed',
        diagnostics: { errorCode: 'ScriptFailed', message: 'returned Failed' },
      },
    ],
  },
};

const report = (overrides: Partial<DeploymentReport> = {}): DeploymentReport => ({
  ref: REF,
  located: { group: {}, reason: 'running', deployment: RUNNING },
  targets: [TARGET],
  omittedTargets: 0,
  ...overrides,
});

describe('formatDeploymentReport', () => {
  test('a running deployment: header, fields, split, events with diagnostics and the rollback hint', () => {
    const text = formatDeploymentReport(report(), NOW);

    expect(text.split('\n')).toEqual([
      'Environment staging: sample-staging/sample-staging-bluegreen (account 222222222222, eu-west-1)',
      'Deployment d-RUNNING01 (running now)',
      '  Status       InProgress',
      '  Created      2025-03-04 10:00:00 UTC by user (running for 14m 03s)',
      '  Completed    -',
      '  Config       CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
      '  Revision     task definition arn:aws:ecs:eu-west-1:222222222222:task-definition/sample-staging:42',
      '  Targets      InProgress 1',
      '',
      'Target sample-staging:sample-staging (InProgress)',
      'Traffic split: blue 70% / green 30%',
      '  Blue      70%  tasks ?/? running  target group ?  task set ecs-svc/1',
      '  Green     30%  tasks ?/? running  target group ?  task set ecs-svc/2',
      'Lifecycle events (failed: BeforeAllowTraffic):',
      '  BeforeInstall       Succeeded',
      '  BeforeAllowTraffic  Failed',
      '      ScriptFailed: returned Failed',
      '',
      'To stop it and send all traffic back to blue: bluegreen rollback --environment staging',
      '',
    ]);
  });

  test('a status CodeDeploy may add later is shown as unknown, and no rollback hint is guessed', () => {
    const text = formatDeploymentReport(
      report({
        located: {
          group: {},
          reason: 'last attempted',
          deployment: { ...RUNNING, status: 'Paused' as DeploymentInfo['status'] },
        },
      }),
      NOW,
    );
    expect(text).toContain(
      '  Status       Paused (not a status bluegreen knows; treat the deployment as unfinished)\n',
    );
    expect(text).toContain('Deployment d-RUNNING01 (the last one; none is running)\n');
    expect(text).not.toContain('running for');
    expect(text).not.toContain('bluegreen rollback');
  });

  test('a finished deployment shows its error, rollback, status messages and the other last success', () => {
    const failed: DeploymentInfo = {
      ...RUNNING,
      status: 'Stopped',
      completeTime: new Date('2025-03-04T10:20:00Z'),
      errorInformation: { code: 'ALARM_ACTIVE', message: 'alarm sample-staging-rollback-any in ALARM' },
      rollbackInfo: { rollbackDeploymentId: 'd-ROLLBACK1' },
      deploymentStatusMessages: ['Stopped on alarm'],
    };
    const text = formatDeploymentReport(
      report({
        located: {
          group: {
            lastSuccessfulDeployment: { deploymentId: 'd-GOOD00001', endTime: new Date('2025-03-01T00:00:00Z') },
          },
          reason: 'requested',
          deployment: failed,
        },
        targets: [],
      }),
      NOW,
    );
    expect(text).toContain('  Completed    2025-03-04 10:20:00 UTC\n');
    expect(text).toContain('  Error        ALARM_ACTIVE: alarm sample-staging-rollback-any in ALARM\n');
    expect(text).toContain('  Rollback     rolled back by deployment d-ROLLBACK1\n');
    expect(text).toContain('  Message      Stopped on alarm\n');
    expect(text).toContain('  Last success d-GOOD00001 (completed 2025-03-01 00:00:00 UTC)\n');
    expect(text).toContain('Traffic split: no target reported yet');
  });

  test('a target that is not ECS is named instead of inventing a split; omitted targets are counted', () => {
    const text = formatDeploymentReport(
      report({ targets: [{ deploymentTargetType: 'InstanceTarget' }], omittedTargets: 2 }),
      NOW,
    );
    expect(text).toContain('Target of type InstanceTarget: not an ECS target, no traffic split to show\n');
    expect(text).toContain('(2 more target(s) not shown)\n');
  });

  test('a group that never deployed', () => {
    expect(formatDeploymentReport(report({ located: { group: {}, reason: 'none' }, targets: [] }), NOW)).toBe(
      'Environment staging: sample-staging/sample-staging-bluegreen (account 222222222222, eu-west-1)\n' +
        'No deployment yet: the group has never been deployed to.\n',
    );
  });
});

describe('formatRunningSummary', () => {
  test('one line with id, status, start, age, config and task definition', () => {
    expect(formatRunningSummary(RUNNING, NOW)).toBe(
      'Running: d-RUNNING01 InProgress, created 2025-03-04 10:00:00 UTC by user (running for 14m 03s), ' +
        'config CodeDeployDefault.ECSLinear10PercentEvery1Minutes, ' +
        'task definition arn:aws:ecs:eu-west-1:222222222222:task-definition/sample-staging:42',
    );
  });
});
