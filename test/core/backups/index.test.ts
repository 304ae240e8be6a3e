import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  BACKUP_WINDOWS,
  backupNames,
  COPY_LAG_ALLOWANCE_HOURS,
  describeRpo,
  rpoHours,
  rpoModel,
  RTO_ASSUMPTIONS,
  rtoModel,
  SCHEDULE_RULES,
} from '../../../core/backups';

describe('the RPO model', () => {
  test.each([
    ['daily with a DR copy', { schedule: 'daily', copyToRegion: 'eu-central-1' }, 28, 32],
    ['hourly with a DR copy', { schedule: 'hourly', copyToRegion: 'eu-central-1' }, 5, 9],
    ['daily without a copy', { schedule: 'daily' }, 28, 28],
  ] as const)('%s: recovery points %ih, RPO %ih', (_what, settings, recoveryPointHours, hours) => {
    const model = rpoModel({ retentionDays: 1095, ...settings });

    expect(model.recoveryPointHours).toBe(recoveryPointHours);
    expect(model.hours).toBe(hours);
    expect(rpoHours({ retentionDays: 1095, ...settings })).toBe(hours);
  });

  test('is the sum of the interval, the windows the constructs use, and the copy lag allowance', () => {
    const model = rpoModel({ retentionDays: 1095, schedule: 'daily', copyToRegion: 'us-west-2' });

    expect(model.hours).toBe(
      SCHEDULE_RULES.daily.intervalHours +
        BACKUP_WINDOWS.startWindowHours +
        BACKUP_WINDOWS.completionWindowHours +
        COPY_LAG_ALLOWANCE_HOURS,
    );
    expect(describeRpo(model)).toBe(
      '24h daily schedule interval + 1h start window + 3h completion window + 4h copy lag to us-west-2 (assumed) = 32h',
    );
  });

  test('the schedules are AWS Backup cron expressions (six fields, one ? among the day fields)', () => {
    for (const { cron } of Object.values(SCHEDULE_RULES)) {
      const fields = /^cron\((.+)\)$/.exec(cron)?.[1].split(' ') ?? [];
      expect(fields).toHaveLength(6);
      expect([fields[2], fields[4]].filter((f) => f === '?')).toHaveLength(1);
    }
    // AWS Backup requires a start window of at least an hour and a completion window beyond it.
    expect(BACKUP_WINDOWS.startWindowHours).toBeGreaterThanOrEqual(1);
    expect(BACKUP_WINDOWS.completionWindowHours).toBeGreaterThan(BACKUP_WINDOWS.startWindowHours);
  });
});

describe('the RTO model', () => {
  test('steps in sequence; the database restore and the network run side by side', () => {
    const model = rtoModel({ databaseGiB: 100, bootstrapped: true });
    const a = RTO_ASSUMPTIONS;

    expect(model.steps.map((s) => s.minutes)).toEqual([
      a.decideAndConfigure,
      a.pipelineToStage,
      Math.max(a.networkAndService, a.restoreBase + a.restorePer100GiB),
      a.serviceStable,
    ]);
    expect(model.minutes).toBe(30 + 30 + 35 + 15);
  });

  test('grows with the database size and adds the bootstrap of a region prepared too late', () => {
    const small = rtoModel({ databaseGiB: 20, bootstrapped: true });
    const large = rtoModel({ databaseGiB: 2000, bootstrapped: false });

    expect(large.minutes - small.minutes).toBe(RTO_ASSUMPTIONS.bootstrap + 19 * RTO_ASSUMPTIONS.restorePer100GiB);
    expect(large.steps.map((s) => s.label)).toContain('bootstrap the DR region');
  });
});

test('backup names: vault and plan <application>-<environment>, DR vault with -dr', () => {
  expect(backupNames('shop', 'prod')).toEqual({ vault: 'shop-prod', drVault: 'shop-prod-dr', plan: 'shop-prod' });
});

test('the README quotes the models as they are', () => {
  const readme = readFileSync(resolve(__dirname, '../../../README.md'), 'utf8');
  const daily = rpoModel({ retentionDays: 1, schedule: 'daily', copyToRegion: 'eu-central-1' });
  const hourly = rpoModel({ retentionDays: 1, schedule: 'hourly', copyToRegion: 'eu-central-1' });
  const rto = rtoModel({ databaseGiB: 100, bootstrapped: true }).minutes;

  expect(readme).toMatch(
    new RegExp(
      `\\| = the newest recovery point may be this old +\\| ${daily.recoveryPointHours} h +\\| ${hourly.recoveryPointHours} h +\\|`,
    ),
  );
  expect(readme).toMatch(
    new RegExp(`\\| = RPO: the newest DR copy may be this old +\\| ${daily.hours} h +\\| ${hourly.hours} h +\\|`),
  );
  expect(readme).toContain(`about ${Math.floor(rto / 60)} h ${rto % 60} min`);
});
