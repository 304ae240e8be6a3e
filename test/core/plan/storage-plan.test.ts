import { join } from 'node:path';
import { describeEnvironmentStorage } from '../../../core/plan/storage-plan';
import { loadConfig } from '../../../model/config';
import { REPO_ROOT, shippedConfig } from '../../support/configs';

const config = loadConfig(join(REPO_ROOT, 'test', 'fixtures', 'storage-jobs.yaml'), REPO_ROOT);
const [staging] = config.environments;

describe('the plan of storage and jobs', () => {
  const lines = describeEnvironmentStorage(config, staging);

  test('lists the volumes, who mounts them how and as whom, and the backup plan that covers them', () => {
    expect(lines[0]).toBe(
      "    files: EFS, encrypted, TLS only, an access point per service with IAM authorization, backed up by the environment's plan (daily, kept 35 days); " +
        'volumes: web /app/uploads (uploads, read-write, as 1001:1001), worker /app/uploads (uploads, read-only, as 1001:1001)',
    );
  });

  test('lists each bucket with who may write and who may only read, and the variable its name arrives in', () => {
    expect(lines[1]).toBe(
      '    bucket media: private, TLS only, KMS, versioned (old versions kept 30 days); read-write: web; read: worker; name in MEDIA_BUCKET',
    );
  });

  test('lists each job with its schedule, command, the revision it runs and what happens when it fails', () => {
    expect(lines[2]).toBe(
      '    job nightly: cron(0 3 * * ? *) Europe/Berlin runs "python manage.py clearsessions" on the latest revision of ' +
        "web's task definition; 3 retries if ECS refuses the run, then its dead-letter queue; a non-zero exit or a task " +
        'that fails to start alarms on the alarm topic',
    );
  });

  test('without a database the backup settings still make a plan for the files, with its copy', () => {
    const filesOnly = { ...config, database: undefined, backup: { ...config.backup!, copyToRegion: 'eu-west-1' } };
    expect(describeEnvironmentStorage(filesOnly, staging)[0]).toContain(
      "backed up by the environment's plan (daily, kept 35 days, copied to eu-west-1)",
    );
  });

  test('without backup settings the files fall back to EFS automatic backups', () => {
    const withoutBackup = { ...config, backup: undefined };
    expect(describeEnvironmentStorage(withoutBackup, staging)[0]).toContain('EFS automatic backups (kept 35 days)');
  });

  test('says nothing for a configuration without storage or jobs', () => {
    const shipped = shippedConfig();
    expect(describeEnvironmentStorage(shipped, shipped.environments[0])).toEqual([]);
  });
});
