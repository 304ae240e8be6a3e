import { z } from 'zod';
import { awsRegion } from './common-fields';

/**
 * The `backup:` block (top level) and its per-environment override (`environments[].backup`).
 * Kept apart from schema.ts so the backup rules live in one place; schema.ts only plugs them in.
 */

/** AWS Backup and Vault Lock accept retentions up to 36500 days (about 100 years). */
export const MAX_RETENTION_DAYS = 36_500;
/** Vault Lock has a 72-hour cooling-off period, so its lock date lies at least 3 days ahead. */
export const MIN_CHANGEABLE_FOR_DAYS = 3;

export const BACKUP_SCHEDULES = ['hourly', 'daily'] as const;

const retentionDays = () => z.int().min(1).max(MAX_RETENTION_DAYS);

const vaultLockSchema = z
  .strictObject({
    minRetentionDays: retentionDays().describe(
      'Recovery points cannot be deleted before this age; every rule must keep at least this long',
    ),
    maxRetentionDays: retentionDays()
      .optional()
      .describe('Every rule must keep at most this long (default no maximum)'),
    changeableForDays: z
      .int()
      .min(MIN_CHANGEABLE_FOR_DAYS)
      .max(MAX_RETENTION_DAYS)
      .optional()
      .describe(
        'Days until the lock becomes immutable, at least 3: compliance mode (default governance mode, the lock ' +
          'stays removable)',
      ),
  })
  .superRefine((lock, ctx) => {
    if (lock.maxRetentionDays !== undefined && lock.maxRetentionDays < lock.minRetentionDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxRetentionDays'],
        input: lock.maxRetentionDays,
        message: `must be at least minRetentionDays (${lock.minRetentionDays})`,
      });
    }
  });

const backupFields = {
  retentionDays: retentionDays().describe('Days each recovery point (and its copy) is kept, e.g. 1095 for 3 years'),
  schedule: z
    .enum(BACKUP_SCHEDULES)
    .describe('How often a recovery point is taken; sets the RPO the readiness check expects (default daily)'),
  monthly: z
    .strictObject({ retentionDays: retentionDays().describe('Days each monthly recovery point is kept') })
    .describe('An extra recovery point on the 1st of each month, kept this long (default none)'),
  copyToRegion: awsRegion('eu-central-1').describe(
    'Region of the disaster-recovery vault every recovery point is copied to (default no copy)',
  ),
  vaultLock: vaultLockSchema.describe('AWS Backup Vault Lock on the vault and the DR vault (default none)'),
};

/**
 * Every field, optional: the `backup:` block requires `retentionDays` and gives `schedule` a default, an override
 * replaces those it names.
 */
const optionalFields = z.strictObject(backupFields).partial().shape;

/** Top-level `backup:`: every environment gets an AWS Backup plan unless it sets `backup.enabled: false`. */
export const backupSchema = z.strictObject({
  ...optionalFields,
  retentionDays: backupFields.retentionDays,
  schedule: backupFields.schedule.default('daily'),
});

/** `environments[].backup`: fields replace the top-level ones (objects as a whole); `enabled: false` opts out. */
export const backupOverrideSchema = z.strictObject({
  enabled: z
    .boolean()
    .optional()
    .describe('Whether this environment is backed up (default true when a backup block exists)'),
  ...optionalFields,
});

export type BackupConfig = z.output<typeof backupSchema>;
export type BackupOverride = z.output<typeof backupOverrideSchema>;
export type BackupSchedule = (typeof BACKUP_SCHEDULES)[number];
export type VaultLockConfig = z.output<typeof vaultLockSchema>;

/** The backup settings in force for one environment, after merging its override over the top level. */
export interface BackupSettings {
  readonly retentionDays: number;
  readonly schedule: BackupSchedule;
  readonly monthly?: { readonly retentionDays: number };
  readonly copyToRegion?: string;
  readonly vaultLock?: VaultLockConfig;
}

/** What the merge needs of a configuration; structural so this file does not import schema.ts. */
export interface BackupConfigShape {
  readonly backup?: BackupConfig;
  readonly environments: readonly {
    readonly name: string;
    readonly region: string;
    readonly backup?: BackupOverride;
  }[];
}

/**
 * The effective settings, or undefined when the environment has no backups (no block anywhere, or
 * `enabled: false`). Also undefined when no retention is known; validation refuses that case.
 */
export function mergeBackupSettings(
  top: BackupConfig | undefined,
  override: BackupOverride | undefined,
): BackupSettings | undefined {
  if (top === undefined && override === undefined) return undefined;
  if (override?.enabled === false) return undefined;
  const retention = override?.retentionDays ?? top?.retentionDays;
  if (retention === undefined) return undefined;
  const monthly = override?.monthly ?? top?.monthly;
  const copyToRegion = override?.copyToRegion ?? top?.copyToRegion;
  const vaultLock = override?.vaultLock ?? top?.vaultLock;
  return {
    retentionDays: retention,
    schedule: override?.schedule ?? top?.schedule ?? 'daily',
    ...(monthly ? { monthly } : {}),
    ...(copyToRegion ? { copyToRegion } : {}),
    ...(vaultLock ? { vaultLock } : {}),
  };
}

interface BackupProblem {
  readonly path: PropertyKey[];
  readonly input: unknown;
  /** The message for the environments it concerns; one issue per path and message. */
  readonly message: (environments: string) => string;
}

/**
 * Cross-field rules of the effective settings per environment, reported at the field the user wrote:
 * a top-level value wrong for several environments is one problem naming them all.
 */
export function refineBackups(config: BackupConfigShape, ctx: z.core.$RefinementCtx): void {
  const grouped = new Map<string, { problem: BackupProblem; environments: string[] }>();
  config.environments.forEach((environment, index) => {
    for (const problem of environmentProblems(config.backup, environment, index)) {
      const key = `${problem.path.join('.')}\n${problem.message('')}`;
      const entry = grouped.get(key) ?? { problem, environments: [] };
      entry.environments.push(`'${environment.name}'`);
      grouped.set(key, entry);
    }
  });
  for (const { problem, environments } of grouped.values()) {
    const named = `${environments.length > 1 ? 'environments' : 'environment'} ${environments.join(', ')}`;
    ctx.addIssue({ code: 'custom', path: problem.path, input: problem.input, message: problem.message(named) });
  }
}

function environmentProblems(
  top: BackupConfig | undefined,
  environment: BackupConfigShape['environments'][number],
  index: number,
): BackupProblem[] {
  const override = environment.backup;
  if ((top === undefined && override === undefined) || override?.enabled === false) return [];
  const envPath: PropertyKey[] = ['environments', index, 'backup'];
  const pathOf = (field: keyof BackupOverride): PropertyKey[] =>
    override?.[field] !== undefined ? [...envPath, field] : ['backup', field];
  const settings = mergeBackupSettings(top, override);
  if (settings === undefined) {
    return [
      {
        path: [...envPath, 'retentionDays'],
        input: undefined,
        message: () => 'is required when there is no top-level backup block (days each recovery point is kept)',
      },
    ];
  }
  const problems: BackupProblem[] = [];
  if (settings.copyToRegion === environment.region) {
    problems.push({
      path: pathOf('copyToRegion'),
      input: settings.copyToRegion,
      message: (named) =>
        `must differ from the region of ${named} (${environment.region}): the copy is what survives a regional outage`,
    });
  }
  const lock = settings.vaultLock;
  if (lock === undefined || (lock.maxRetentionDays ?? MAX_RETENTION_DAYS) < lock.minRetentionDays) return problems;
  const retentions = [{ days: settings.retentionDays, path: pathOf('retentionDays') }];
  if (settings.monthly) {
    retentions.push({ days: settings.monthly.retentionDays, path: [...pathOf('monthly'), 'retentionDays'] });
  }
  const max = lock.maxRetentionDays ?? MAX_RETENTION_DAYS;
  for (const { days, path } of retentions) {
    if (days < lock.minRetentionDays || days > max) {
      problems.push({
        path,
        input: days,
        message: (named) =>
          `must lie within the vault lock of ${named} (${lock.minRetentionDays}..${max} days), or AWS Backup fails every backup and copy job`,
      });
    }
  }
  return problems;
}
