import {
  groupByResource,
  judgeReadiness,
  rpoModel,
  type ProtectedResource,
  type RecoveryPointSummary,
} from '../../../core/backups';

const NOW = new Date('2025-06-01T12:00:00Z');
const DB = 'arn:aws:rds:eu-west-1:333333333333:db:shop';
const FS = 'arn:aws:elasticfilesystem:eu-west-1:333333333333:file-system/fs-1';
/** Daily with a DR copy: recovery points may be 28 h old, copies 32 h. */
const RPO = rpoModel({ retentionDays: 1095, schedule: 'daily', copyToRegion: 'eu-central-1' });

/** `status: null` lists the point without any status, as a malformed answer would. */
function point(resourceArn: string, hoursAgo: number, status: string | null = 'COMPLETED'): RecoveryPointSummary {
  return {
    recoveryPointArn: `${resourceArn}#${hoursAgo}#${status ?? 'none'}`,
    resourceArn,
    ...(status !== null ? { status } : {}),
    creationDate: new Date(NOW.getTime() - hoursAgo * 3_600_000),
  };
}

function resource(points: RecoveryPointSummary[], copies?: RecoveryPointSummary[]): ProtectedResource {
  return { resourceArn: DB, recoveryPoints: points, ...(copies ? { copies } : {}) };
}

const judgeOne = (r: ProtectedResource) => judgeReadiness([r], NOW, RPO).resources[0];

describe('judgeReadiness', () => {
  test('fresh: the newest COMPLETED point and copy within their limits', () => {
    const verdict = judgeOne(resource([point(DB, 50), point(DB, 28)], [point(DB, 32), point(DB, 80)]));

    expect(verdict.ready).toBe(true);
    expect(verdict.recoveryPoint).toMatchObject({ state: 'fresh', ageMs: 28 * 3_600_000, limitHours: 28 });
    expect(verdict.copy).toMatchObject({ state: 'fresh', ageMs: 32 * 3_600_000, limitHours: 32 });
  });

  test.each([
    ['a recovery point just over 28 h', [point(DB, 28.01)], [point(DB, 1)], 'recoveryPoint'],
    ['a copy just over 32 h', [point(DB, 1)], [point(DB, 32.01)], 'copy'],
  ] as const)('stale: %s', (_what, points, copies, side) => {
    const verdict = judgeOne(resource([...points], [...copies]));

    expect(verdict.ready).toBe(false);
    expect(verdict[side].state).toBe('stale');
  });

  test('missing: no recovery point, or no copy', () => {
    expect(judgeOne(resource([], [point(DB, 1)])).recoveryPoint).toEqual({
      state: 'missing',
      reason: 'no recovery point',
    });
    expect(judgeOne(resource([point(DB, 1)], [])).copy).toEqual({ state: 'missing', reason: 'no copy' });
  });

  test.each(['PARTIAL', 'EXPIRED', 'DELETING', 'CREATING', 'STOPPED', 'AVAILABLE', 'SOMETHING_NEW', null])(
    'a point with status %s does not count, however new',
    (status) => {
      const verdict = judgeOne(resource([point(DB, 0.5, status)], [point(DB, 0.5, status)]));

      expect(verdict.ready).toBe(false);
      expect(verdict.recoveryPoint.state).toBe('missing');
      expect(verdict.copy.state).toBe('missing');
    },
  );

  test('a COMPLETED point without a creation date does not count', () => {
    const undated: RecoveryPointSummary = { recoveryPointArn: 'x', resourceArn: DB, status: 'COMPLETED' };

    expect(judgeOne(resource([undated], [point(DB, 1)])).recoveryPoint).toEqual({
      state: 'missing',
      reason: 'no recovery point with a creation date (1 listed)',
    });
  });

  test('no DR region configured: copies are not looked for and do not fail the resource', () => {
    const verdict = judgeReadiness([resource([point(DB, 1)])], NOW, rpoModel({ retentionDays: 35, schedule: 'daily' }))
      .resources[0];

    expect(verdict.copy).toEqual({ state: 'not-configured' });
    expect(verdict.ready).toBe(true);
  });

  test('a creation date ahead of the clock counts as age 0, not negative', () => {
    expect(judgeOne(resource([point(DB, -2)], [point(DB, 1)])).recoveryPoint).toMatchObject({
      state: 'fresh',
      ageMs: 0,
    });
  });

  test('an empty vault is not ready; one failing resource makes the whole not ready', () => {
    expect(judgeReadiness([], NOW, RPO)).toEqual({ resources: [], ready: false, emptyVault: true });
    const mixed = judgeReadiness(
      groupByResource([point(DB, 1), point(FS, 1)], [point(DB, 1), point(FS, 40)]),
      NOW,
      RPO,
    );
    expect(mixed.resources.map((r) => r.ready)).toEqual([false, true]);
    expect(mixed.ready).toBe(false);
  });
});

describe('groupByResource', () => {
  test('merges pages per resource, counts a repeated point once, keeps resources seen only in the DR vault', () => {
    const page1 = [point(DB, 30), point(FS, 10)];
    const page2 = [point(DB, 5), point(DB, 30)];
    const grouped = groupByResource([...page1, ...page2], [point(DB, 6), point('arn:aws:dynamodb:x:1:table/t', 2)]);

    expect(grouped.map((r) => r.resourceArn)).toEqual(['arn:aws:dynamodb:x:1:table/t', FS, DB].sort());
    const db = grouped.find((r) => r.resourceArn === DB);
    expect(db?.recoveryPoints).toHaveLength(2);
    expect(db?.copies).toHaveLength(1);
    expect(grouped.find((r) => r.resourceArn === FS)?.copies).toEqual([]);
    expect(grouped.find((r) => r.resourceArn.includes('dynamodb'))?.recoveryPoints).toEqual([]);
  });

  test('without a DR vault the resources carry no copies at all', () => {
    expect(groupByResource([point(DB, 1)], undefined)[0]).not.toHaveProperty('copies');
  });
});
