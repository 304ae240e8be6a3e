import { backupSettingsFor } from '../../../core/backups';
import { ConfigError, parseConfig } from '../../../model/config';

const BASE = `
application: shop
pipeline: { account: '111111111111', region: eu-west-1 }
source: { connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/abc-123', repository: org/shop }
service: { port: 8080 }
environments:
  - { name: staging, account: '222222222222', region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b] STAGING }
  - { name: prod, account: '333333333333', region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b] PROD }
`;

/** BASE with a top-level backup block and per-environment extras (`, backup: {...}`). */
function yaml(backup: string | undefined, extras: { staging?: string; prod?: string } = {}): string {
  return (
    BASE.replace(' STAGING', extras.staging ?? '').replace(' PROD', extras.prod ?? '') +
    (backup !== undefined ? `backup: ${backup}\n` : '')
  );
}

function problemsOf(text: string): readonly string[] {
  try {
    parseConfig(text, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('backup settings', () => {
  test('3 years, daily by default, monthly kept 10 years, copied to another region', () => {
    const config = parseConfig(
      yaml('{ retentionDays: 1095, monthly: { retentionDays: 3650 }, copyToRegion: eu-central-1 }'),
      'ok.yaml',
    );

    expect(backupSettingsFor(config, 'prod')).toEqual({
      retentionDays: 1095,
      schedule: 'daily',
      monthly: { retentionDays: 3650 },
      copyToRegion: 'eu-central-1',
    });
  });

  test('an environment override replaces fields (objects as a whole); enabled: false opts out', () => {
    const config = parseConfig(
      yaml(
        '{ retentionDays: 1095, copyToRegion: eu-central-1, vaultLock: { minRetentionDays: 1000, maxRetentionDays: 4000 } }',
        {
          staging: ', backup: { enabled: false }',
          prod: ', backup: { schedule: hourly, copyToRegion: us-east-1, vaultLock: { minRetentionDays: 365 } }',
        },
      ),
      'ok.yaml',
    );

    expect(backupSettingsFor(config, 'staging')).toBeUndefined();
    expect(backupSettingsFor(config, 'prod')).toEqual({
      retentionDays: 1095,
      schedule: 'hourly',
      copyToRegion: 'us-east-1',
      vaultLock: { minRetentionDays: 365 },
    });
  });

  test('only an environment override: that environment has backups, the others none', () => {
    const config = parseConfig(yaml(undefined, { prod: ', backup: { retentionDays: 35 }' }), 'ok.yaml');

    expect(backupSettingsFor(config, 'prod')).toEqual({ retentionDays: 35, schedule: 'daily' });
    expect(backupSettingsFor(config, 'staging')).toBeUndefined();
  });

  test('no backup block anywhere: no backups; an unknown environment names the configured ones', () => {
    const config = parseConfig(yaml(undefined), 'ok.yaml');

    expect(backupSettingsFor(config, 'prod')).toBeUndefined();
    expect(() => backupSettingsFor(config, 'qa')).toThrow("unknown environment 'qa' (configured: staging, prod)");
  });
});

test.each([
  [
    'a copy to the region of the environments',
    yaml('{ retentionDays: 1095, copyToRegion: eu-west-1 }'),
    `backup.copyToRegion: must differ from the region of environments 'staging', 'prod' (eu-west-1): the copy is what survives a regional outage (got "eu-west-1")`,
  ],
  [
    'a copy to its own region set on one environment',
    yaml('{ retentionDays: 1095, copyToRegion: eu-central-1 }', { prod: ', backup: { copyToRegion: eu-west-1 }' }),
    `environments[1].backup.copyToRegion: must differ from the region of environment 'prod' (eu-west-1): the copy is what survives a regional outage (got "eu-west-1")`,
  ],
  [
    'a region that is no region',
    yaml('{ retentionDays: 7, copyToRegion: Frankfurt }'),
    'backup.copyToRegion: must be an AWS region such as eu-central-1 (one aws-cdk-lib knows; check the spelling) (got "Frankfurt")',
  ],
  [
    'a retention of 0 days',
    yaml('{ retentionDays: 0 }'),
    'backup.retentionDays: Too small: expected number to be >=1 (got 0)',
  ],
  [
    'a retention over 100 years',
    yaml('{ retentionDays: 36501 }'),
    'backup.retentionDays: Too big: expected number to be <=36500 (got 36501)',
  ],
  [
    'an unknown schedule',
    yaml('{ retentionDays: 7, schedule: weekly }'),
    'backup.schedule: must be one of "hourly", "daily" (got "weekly")',
  ],
  [
    'cold storage (not offered)',
    yaml('{ retentionDays: 7, moveToColdStorageAfterDays: 30 }'),
    "backup: unknown field 'moveToColdStorageAfterDays'",
  ],
  [
    'an override without retention and no top-level block',
    yaml(undefined, { prod: ', backup: { copyToRegion: eu-central-1 }' }),
    'environments[1].backup.retentionDays: is required when there is no top-level backup block (days each recovery point is kept)',
  ],
  [
    'a vault lock that becomes immutable in under 3 days',
    yaml('{ retentionDays: 1095, vaultLock: { minRetentionDays: 30, changeableForDays: 2 } }'),
    'backup.vaultLock.changeableForDays: Too small: expected number to be >=3 (got 2)',
  ],
  [
    'a vault lock whose maximum is below its minimum',
    yaml('{ retentionDays: 1095, vaultLock: { minRetentionDays: 400, maxRetentionDays: 300 } }'),
    'backup.vaultLock.maxRetentionDays: must be at least minRetentionDays (400) (got 300)',
  ],
  [
    'a vault lock without minimum (CloudFormation requires it)',
    yaml('{ retentionDays: 1095, vaultLock: { maxRetentionDays: 3000 } }'),
    'backup.vaultLock.minRetentionDays: is required (a number)',
  ],
  [
    'a vault lock over 100 years',
    yaml('{ retentionDays: 1095, vaultLock: { minRetentionDays: 1, maxRetentionDays: 40000 } }'),
    'backup.vaultLock.maxRetentionDays: Too big: expected number to be <=36500 (got 40000)',
  ],
  [
    'a retention the vault lock would refuse',
    yaml('{ retentionDays: 1095, vaultLock: { minRetentionDays: 2555 } }'),
    "backup.retentionDays: must lie within the vault lock of environments 'staging', 'prod' (2555..36500 days), or AWS Backup fails every backup and copy job (got 1095)",
  ],
  [
    'a monthly retention over the vault lock maximum of one environment',
    yaml('{ retentionDays: 1095, monthly: { retentionDays: 3650 } }', {
      prod: ', backup: { vaultLock: { minRetentionDays: 30, maxRetentionDays: 2000 } }',
    }),
    "backup.monthly.retentionDays: must lie within the vault lock of environment 'prod' (30..2000 days), or AWS Backup fails every backup and copy job (got 3650)",
  ],
])('refuses %s, naming the field, the value and what is allowed', (_what, text, problem) => {
  expect(problemsOf(text)).toContain(problem);
});

test('an environment that opts out is not checked against the block it ignores', () => {
  const text = yaml('{ retentionDays: 1095, copyToRegion: eu-west-1 }', {
    staging: ', backup: { enabled: false }',
    prod: ', backup: { copyToRegion: eu-central-1 }',
  });

  expect(() => parseConfig(text, 'ok.yaml')).not.toThrow();
});

test('refuses a fractional retention: AWS Backup counts whole days', () => {
  expect(problemsOf(yaml('{ retentionDays: 1.5 }'))).toEqual([
    expect.stringMatching(/^backup\.retentionDays: .*\(got 1\.5\)$/),
  ]);
});
