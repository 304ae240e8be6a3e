import type { BackupSettings, PipelineConfig } from '../config';
import { mergeBackupSettings } from '../config/backup-schema';
import { findEnvironment } from '../naming';

/**
 * The backup settings in force for `environmentName`: its `backup` override merged over the top-level
 * block, or undefined when the environment has no backups. Throws naming the configured environments
 * when the name is unknown.
 */
export function backupSettingsFor(config: PipelineConfig, environmentName: string): BackupSettings | undefined {
  const environment = findEnvironment(config.environments, environmentName);
  return mergeBackupSettings(config.backup, environment.backup);
}
