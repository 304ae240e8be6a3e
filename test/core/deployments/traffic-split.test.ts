import type { ECSTaskSet } from '@aws-sdk/client-codedeploy';
import { formatTaskSets, formatTrafficSplit, trafficSplit } from '../../../core/deployments';

const set = (
  taskSetLabel: 'Blue' | 'Green' | undefined,
  trafficWeight: number | undefined,
  extra: Partial<ECSTaskSet> = {},
): ECSTaskSet => ({
  taskSetLabel,
  trafficWeight,
  ...extra,
});

describe('trafficSplit', () => {
  test('reads the weights per label, in any order', () => {
    expect(trafficSplit([set('Green', 10), set('Blue', 90)])).toEqual({ blue: 90, green: 10 });
  });

  test('a label without a task set, or with a weight CodeDeploy did not send, is unknown rather than 0', () => {
    expect(trafficSplit([set('Blue', 100)])).toEqual({ blue: 100, green: undefined });
    expect(trafficSplit([set('Blue', 100), set('Green', undefined)])).toEqual({ blue: 100, green: undefined });
    expect(trafficSplit([])).toEqual({ blue: undefined, green: undefined });
  });

  test('sums task sets that share a label', () => {
    expect(trafficSplit([set('Blue', 40), set('Blue', 50), set('Green', 10)])).toEqual({ blue: 90, green: 10 });
  });
});

describe('formatTrafficSplit', () => {
  test.each([
    [{ blue: 90, green: 10 }, 'blue 90% / green 10%'],
    [{ blue: 0, green: 100 }, 'blue 0% / green 100%'],
    [{ blue: 87.5, green: 12.5 }, 'blue 87.5% / green 12.5%'],
    [{ blue: 100 }, 'blue 100% / green ?%'],
    [{}, 'not reported yet (no task set has a traffic weight)'],
  ])('%j reads %s', (split, text) => {
    expect(formatTrafficSplit(split)).toBe(text);
  });
});

describe('formatTaskSets', () => {
  test('blue first, with tasks, pending tasks, target group, id and status', () => {
    const lines = formatTaskSets([
      set('Green', 10, {
        identifer: 'ecs-svc/2',
        runningCount: 1,
        desiredCount: 3,
        pendingCount: 2,
        targetGroup: { name: 'tg-green' },
      }),
      set('Blue', 90, {
        identifer: 'ecs-svc/1',
        runningCount: 3,
        desiredCount: 3,
        status: 'PRIMARY',
        targetGroup: { name: 'tg-blue' },
      }),
    ]);
    expect(lines).toEqual([
      'Blue      90%  tasks 3/3 running  target group tg-blue  task set ecs-svc/1  PRIMARY',
      'Green     10%  tasks 1/3 running, 2 pending  target group tg-green  task set ecs-svc/2',
    ]);
  });
});
