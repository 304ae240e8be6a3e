import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import type { BackupNames } from '../../../model/backups/backup-names';
import { BACKUP_WINDOWS, MONTHLY_CRON, SCHEDULE_RULES } from '../../../model/backups/backup-schedule';
import type { BackupSettings } from '../../../model/config';
import { acknowledgeNagRule } from '../../policy/acknowledge';
import { EncryptedVault } from './backup-vault';

export interface EnvironmentBackupPlanProps {
  /** `backupNames(application, environment)`: the vault, DR vault and plan names. */
  readonly names: BackupNames;
  /** The environment's effective backup settings (`backupSettingsFor(config, environment)`). */
  readonly settings: BackupSettings;
  /** ARNs of the protected resources, e.g. `database.resourceArn`. */
  readonly resourceArns: readonly string[];
}

/**
 * The environment's AWS Backup plan: a vault (own key, optional lock), the configured schedule kept
 * `retentionDays`, an optional monthly rule, each recovery point copied to the DR vault in
 * `copyToRegion` and kept there just as long, and a selection of the protected resources.
 * The DR vault is addressed by ARN: a construct cannot be referenced across regions, and its stack
 * (DrVaultStack) is deployed before this one.
 */
export class EnvironmentBackupPlan extends Construct {
  readonly vault: EncryptedVault;
  readonly plan: backup.BackupPlan;
  /** The DR vault the rules copy to, or undefined without `copyToRegion`. */
  readonly drVaultArn?: string;

  constructor(scope: Construct, id: string, props: EnvironmentBackupPlanProps) {
    super(scope, id);
    const { names, settings } = props;
    if (props.resourceArns.length === 0) {
      throw new Error(`EnvironmentBackupPlan ${id}: no resource to protect (resourceArns is empty)`);
    }
    this.vault = new EncryptedVault(this, 'Vault', { vaultName: names.vault, vaultLock: settings.vaultLock });
    this.plan = new backup.BackupPlan(this, 'Plan', { backupPlanName: names.plan, backupVault: this.vault.vault });

    const stack = Stack.of(this);
    if (settings.copyToRegion !== undefined) {
      this.drVaultArn = stack.formatArn({
        service: 'backup',
        region: settings.copyToRegion,
        resource: 'backup-vault',
        resourceName: names.drVault,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    }
    const drVault = this.drVaultArn
      ? backup.BackupVault.fromBackupVaultArn(this, 'DrVault', this.drVaultArn)
      : undefined;
    const rule = (ruleName: string, cron: string, days: number) =>
      new backup.BackupPlanRule({
        ruleName,
        scheduleExpression: events.Schedule.expression(cron),
        startWindow: Duration.hours(BACKUP_WINDOWS.startWindowHours),
        completionWindow: Duration.hours(BACKUP_WINDOWS.completionWindowHours),
        deleteAfter: Duration.days(days),
        ...(drVault ? { copyActions: [{ destinationBackupVault: drVault, deleteAfter: Duration.days(days) }] } : {}),
      });
    this.plan.addRule(rule(settings.schedule, SCHEDULE_RULES[settings.schedule].cron, settings.retentionDays));
    if (settings.monthly) this.plan.addRule(rule('monthly', MONTHLY_CRON, settings.monthly.retentionDays));

    const selection = this.plan.addSelection('Selection', {
      backupSelectionName: `${names.plan}-data`,
      resources: props.resourceArns.map((arn) => backup.BackupResource.fromArn(arn)),
    });
    acknowledgeNagRule(
      selection,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'The role AWS Backup assumes to back up and copy the selected resources; AWSBackupServiceRolePolicyForBackup is ' +
        'the AWS-maintained policy for exactly that and follows new resource types without our edits.',
    );
  }
}
