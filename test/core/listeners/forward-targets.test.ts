import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { judgeActions, primaryTargetGroup, targetGroupName } from '../../../core/listeners';

const TG = (name: string) => `arn:aws:elasticloadbalancing:eu-west-1:222222222222:targetgroup/${name}/0123456789abcdef`;
const PAIR = ['blue', 'green'];

describe('judgeActions: what a listener needs to forward to the PRIMARY target group', () => {
  test('an authentication action before the forward is kept; only the forward is replaced', () => {
    const auth: Action = { Type: 'authenticate-cognito', Order: 1 };
    const verdict = judgeActions([auth, { Type: 'forward', TargetGroupArn: TG('blue'), Order: 2 }], PAIR, TG('green'));

    expect(verdict).toEqual({
      kind: 'repoint',
      from: ['blue'],
      actions: [auth, { Type: 'forward', TargetGroupArn: TG('green'), Order: 2 }],
    });
  });

  test('a weighted forward at green 100 / blue 0 already forwards to green', () => {
    const weighted: Action = {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: TG('green'), Weight: 100 },
          { TargetGroupArn: TG('blue'), Weight: 0 },
        ],
      },
    };

    expect(judgeActions([weighted], PAIR, TG('green'))).toEqual({ kind: 'right' });
  });

  test('a rule that names neither target group (a redirect, another service) is not traffic of this group', () => {
    expect(judgeActions([{ Type: 'redirect' }], PAIR, TG('green'))).toEqual({ kind: 'unrelated' });
    expect(judgeActions([{ Type: 'forward', TargetGroupArn: TG('other') }], PAIR, TG('green'))).toEqual({
      kind: 'unrelated',
    });
  });
});

describe('primaryTargetGroup', () => {
  test('a PRIMARY task set on a target group outside the pair is an unknown state', () => {
    const service = {
      taskSets: [{ status: 'PRIMARY', id: 'ecs-svc/1', loadBalancers: [{ targetGroupArn: TG('x') }] }],
    };

    expect(primaryTargetGroup(service, PAIR)).toEqual({
      problem:
        'its PRIMARY task set serves target group x, which is neither target group of the deployment group (blue, green)',
    });
  });

  test("the name is read from the target group's ARN", () => {
    expect(targetGroupName(TG('sample-green'))).toBe('sample-green');
  });
});
