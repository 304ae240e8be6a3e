import { BackupClient } from '@aws-sdk/client-backup';
import {
  BACKUP_TIMEOUTS,
  BackupTargetError,
  backupTargetFor,
  formatReadinessReport,
  groupByResource,
  judgeReadiness,
  listVaultRecoveryPoints,
  rpoModel,
  type RecoveryPointSummary,
  type VaultCallTarget,
} from '../../core/backups';
import { optional, parseCommandArgs, required } from '../args';
import { UsageError } from '../context';
import { CONFIG_FLAG, environmentFlag } from '../common-flags';
import type { CommandHelp } from '../help';
import type { Command } from '../main';

const HELP: CommandHelp = {
  command: 'backups',
  flags: {
    environment: environmentFlag(),
    config: CONFIG_FLAG,
  },
  description: `
Readiness of the environment's backups: per protected resource, the newest COMPLETED recovery point in
the vault <application>-<environment> (environment's region) and the newest COMPLETED copy in the DR
vault <application>-<environment>-dr (backup.copyToRegion), with their ages, judged against the RPO the
configuration implies (a model: schedule interval + start and completion windows + copy lag allowance).
Uses the SDK's standard credentials and endpoint chain (AWS_PROFILE, AWS_ENDPOINT_URL_BACKUP, ...).

Exit 0: every protected resource has a recovery point and a DR copy within the RPO;
1: one is missing or stale, the vault is empty, or AWS Backup could not be asked (no credentials, vault
missing, API error); 2: wrong usage, unknown environment, or an environment without backups configured.`,
};

/** `bluegreen backups`: a thin shell over core/backups with the real AWS Backup clients and clock. */
export const backups: Command = async (args, context) => {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const environment = required(flags, 'environment');
  let target: ReturnType<typeof backupTargetFor>;
  try {
    target = backupTargetFor(context.config(optional(flags, 'config')), environment);
  } catch (error) {
    if (error instanceof BackupTargetError) throw new UsageError(`--environment: ${error.message}`);
    throw error;
  }
  const { ref, settings } = target;
  const recoveryPoints = await listVault(ref);
  const copies =
    ref.dr === undefined ? undefined : await listVault({ ...ref, region: ref.dr.region, vault: ref.dr.vault });

  const rpo = rpoModel(settings);
  const readiness = judgeReadiness(groupByResource(recoveryPoints, copies), new Date(), rpo);
  context.stdout(formatReadinessReport(ref, rpo, readiness));
  return readiness.ready ? 0 : 1;
};

/**
 * A client per region, created per run so the SDK reads AWS_ENDPOINT_URL_BACKUP and the credentials
 * as they are now; the DR vault is only visible to a client in its own region.
 */
async function listVault(target: VaultCallTarget): Promise<RecoveryPointSummary[]> {
  const client = new BackupClient({ region: target.region, requestHandler: BACKUP_TIMEOUTS });
  try {
    return await listVaultRecoveryPoints(client, target);
  } finally {
    client.destroy();
  }
}
