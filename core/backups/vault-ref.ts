import type { BackupSettings, PipelineConfig } from '../../model/config';
import { findEnvironment } from '../../model/naming';
import { backupNames } from '../../model/backups/backup-names';
import { backupSettingsFor } from '../../model/backups/backup-settings';

/** Where one environment's recovery points live: the names and regions every Backup call needs. */
export interface VaultRef {
  readonly environment: string;
  readonly account: string;
  readonly region: string;
  readonly vault: string;
  /** The DR vault in `copyToRegion`; undefined when the environment has no DR copy. */
  readonly dr?: { readonly region: string; readonly vault: string };
}

/** Why an environment cannot be checked: not in the config, or without backups. */
export class BackupTargetError extends Error {
  override readonly name = 'BackupTargetError';
}

/** The vaults and effective settings of `environmentName`; throws BackupTargetError when there is nothing to check. */
export function backupTargetFor(
  config: PipelineConfig,
  environmentName: string,
): { readonly ref: VaultRef; readonly settings: BackupSettings } {
  let environment: PipelineConfig['environments'][number];
  try {
    environment = findEnvironment(config.environments, environmentName);
  } catch (error) {
    throw new BackupTargetError((error as Error).message);
  }
  const settings = backupSettingsFor(config, environment.name);
  if (settings === undefined) {
    throw new BackupTargetError(
      `environment '${environment.name}' has no backups configured (add a top-level 'backup:' block, or remove 'backup.enabled: false' from it)`,
    );
  }
  const names = backupNames(config.application, environment.name);
  return {
    ref: {
      environment: environment.name,
      account: environment.account,
      region: environment.region,
      vault: names.vault,
      ...(settings.copyToRegion !== undefined ? { dr: { region: settings.copyToRegion, vault: names.drVault } } : {}),
    },
    settings,
  };
}
