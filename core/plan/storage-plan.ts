import { backupSettingsFor } from '../../model/backups/backup-settings';
import type { EnvironmentConfig, PipelineConfig } from '../../model/config';
import { bucketVariable, volumeOwner } from '../../model/config/storage-schema';

/**
 * What one environment keeps and runs besides its services, a line each: the EFS volumes, the application's
 * buckets, the scheduled jobs. Empty when the configuration has none.
 */
export function describeEnvironmentStorage(config: PipelineConfig, environment: EnvironmentConfig): string[] {
  const lines: string[] = [];
  const volumes = config.services.flatMap((service) =>
    (service.storage?.volumes ?? []).map((volume) => {
      const { uid, gid } = volumeOwner(volume, service.user);
      return `${service.name} ${volume.path} (${volume.name}, ${volume.readOnly ? 'read-only' : 'read-write'}, as ${uid}:${gid})`;
    }),
  );
  if (volumes.length > 0) {
    const plan = backupSettingsFor(config, environment.name);
    const copy = plan?.copyToRegion ? `, copied to ${plan.copyToRegion}` : '';
    const backups = plan
      ? `backed up by the environment's plan (${plan.schedule}, kept ${plan.retentionDays} days${copy})`
      : 'EFS automatic backups (kept 35 days)';
    lines.push(
      `    files: EFS, encrypted, TLS only, an access point per service with IAM authorization, ${backups}; ` +
        `volumes: ${volumes.join(', ')}`,
    );
  }
  for (const bucket of config.buckets ?? []) {
    const users = config.services.filter((service) => service.uses.includes(bucket.name)).map((s) => s.name);
    const writers = users.filter((name) => !bucket.readOnly.includes(name));
    const readers = users.filter((name) => bucket.readOnly.includes(name));
    const access = [
      writers.length > 0 ? `read-write: ${writers.join(', ')}` : undefined,
      readers.length > 0 ? `read: ${readers.join(', ')}` : undefined,
    ].filter((part) => part !== undefined);
    lines.push(
      `    bucket ${bucket.name}: private, TLS only, KMS, versioned (old versions kept ${bucket.noncurrentVersionDays} days); ` +
        `${access.length > 0 ? access.join('; ') : 'used by no service'}; name in ${bucketVariable(bucket.name)}`,
    );
  }
  for (const job of config.jobs ?? []) {
    lines.push(
      `    job ${job.name}: ${job.schedule} ${job.timezone} runs "${job.command.join(' ')}" on the latest revision of ` +
        `${job.service}'s task definition; ${job.retries} retries if ECS refuses the run, then its dead-letter ` +
        'queue; a non-zero exit or a task that fails to start alarms on the alarm topic',
    );
  }
  return lines;
}
