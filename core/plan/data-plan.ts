import { backupSettingsFor } from '../../model/backups/backup-settings';
import type { EnvironmentConfig, PipelineConfig } from '../../model/config';
import { effectiveCacheFor } from '../../model/config/cache-schema';
import { effectiveDatabaseFor } from '../../model/config/database-schema';

/** The data tier of one environment, a line each: database, cache, backups. Empty without a data tier. */
export function describeEnvironmentData(config: PipelineConfig, environment: EnvironmentConfig): string[] {
  const lines: string[] = [];
  const database = effectiveDatabaseFor(config, environment.name);
  if (database) {
    const size = database.serverless
      ? `Serverless v2 ${database.serverless.minCapacity}-${database.serverless.maxCapacity} ACU`
      : `${database.instanceClass}${database.allocatedStorageGiB ? `, ${database.allocatedStorageGiB} GiB` : ''}`;
    const restore = database.restoreFrom ? `, restored from ${Object.values(database.restoreFrom)[0]}` : '';
    lines.push(
      `    database: ${database.engine} ${database.version} '${database.name}', ${size}, ` +
        `${database.multiAz ? 'multi-AZ' : 'single-AZ'}, point-in-time recovery ${database.backupRetentionDays} days, ` +
        `${database.requireTls ? 'TLS required' : 'connections without TLS accepted'}` +
        `${database.deletionProtection ? ', deletion protection' : ''}${restore}`,
    );
    const rotation = database.rotation ? `, rotated every ${database.rotation.days} days` : ', not rotated';
    lines.push(
      database.applicationUser
        ? `    database users: services and release tasks connect as 'application' (owns '${database.name}'); the ` +
            `master user only makes it${database.rotation ? ' and rotates' : ''}${rotation}`
        : `    database users: services and release tasks connect as the master user${rotation}`,
    );
  }
  const cache = effectiveCacheFor(config, environment.name);
  if (cache) {
    const shape = cache.mode === 'serverless' ? 'serverless' : `${cache.nodeType}, ${cache.replicas} replica(s)`;
    const token =
      cache.authentication === 'iam'
        ? ''
        : cache.rotation
          ? `, token rotated every ${cache.rotation.days} days`
          : ', token not rotated';
    lines.push(`    cache: ${cache.engine} ${shape}, TLS, ${cache.authentication} authentication${token}`);
  }
  const backup = backupSettingsFor(config, environment.name);
  if (backup && database) {
    const copy = backup.copyToRegion ? `, copied to ${backup.copyToRegion} and kept as long there` : ', no copy';
    lines.push(`    backups: ${backup.schedule} recovery points kept ${backup.retentionDays} days${copy}`);
  }
  return lines;
}
