import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { judgeRollout } from '../../../core/roll-workers';

const ARN = 'arn:aws:ecs:eu-central-1:510000000003:task-definition/helpdesk-staging-worker:8';
const primary = (rolloutState: string | undefined, taskDefinition = ARN) =>
  ({ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition, rolloutState }) as Deployment;

describe('judgeRollout: done only on a COMPLETED PRIMARY deployment of exactly the revision', () => {
  test.each<[string, Service | undefined, string | undefined, ReturnType<typeof judgeRollout>['kind'], string]>([
    [
      'COMPLETED on the revision',
      { status: 'ACTIVE', deployments: [primary('COMPLETED')] },
      'ecs-svc/1',
      'completed',
      '',
    ],
    [
      'IN_PROGRESS on the revision',
      { status: 'ACTIVE', deployments: [primary('IN_PROGRESS')] },
      'ecs-svc/1',
      'in-progress',
      '',
    ],
    ['no service', undefined, undefined, 'failed', 'the service is not in the cluster'],
    [
      'a DRAINING service',
      { status: 'DRAINING', deployments: [primary('COMPLETED')] },
      undefined,
      'failed',
      'the service is DRAINING',
    ],
    [
      'no PRIMARY deployment',
      { status: 'ACTIVE', deployments: [] },
      undefined,
      'failed',
      'ECS lists no PRIMARY deployment',
    ],
    [
      'no rollout state',
      { status: 'ACTIVE', deployments: [primary(undefined)] },
      undefined,
      'failed',
      'rollout state (none reported)',
    ],
    [
      'our deployment FAILED while the rollback is PRIMARY',
      {
        status: 'ACTIVE',
        deployments: [
          primary('IN_PROGRESS', ARN.replace(':8', ':7')),
          {
            id: 'ecs-svc/2',
            status: 'ACTIVE',
            taskDefinition: ARN,
            rolloutState: 'FAILED',
            rolloutStateReason: 'alarm',
          },
        ],
      },
      'ecs-svc/2',
      'failed',
      'deployment ecs-svc/2 of helpdesk-staging-worker:8 FAILED: alarm',
    ],
  ])('%s', (_what, service, deploymentId, kind, reason) => {
    const verdict = judgeRollout(service, ARN, deploymentId);
    expect(verdict.kind).toBe(kind);
    if (reason !== '') expect(verdict).toMatchObject({ reason: expect.stringContaining(reason) });
  });
});
