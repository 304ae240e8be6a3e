import { backupNames } from '../../../model/backups/backup-names';
import { backupSettingsFor } from '../../../model/backups/backup-settings';
import type { PipelineConfig } from '../../../model/config';
import type { StorageAndJobsProps } from './storage-and-jobs';

/** The environment's backup names and settings, or undefined when it has no backups. */
export function backupFor(config: PipelineConfig, environment: string): StorageAndJobsProps['backup'] {
  const settings = backupSettingsFor(config, environment);
  return settings && { names: backupNames(config.application, environment), settings };
}
