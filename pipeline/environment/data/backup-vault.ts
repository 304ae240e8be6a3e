import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { VaultLockConfig } from '../../../model/config';
import { restrictGrantsToAwsServices } from '../../policy/key-grants';

export interface EncryptedVaultProps {
  /** Fixed name: `bluegreen backups` and the DR runbook find the vault by it (core/backups/backup-names.ts). */
  readonly vaultName: string;
  /** @default - no vault lock */
  readonly vaultLock?: VaultLockConfig;
}

/**
 * An AWS Backup vault under its own rotating key, kept when its stack goes (a vault holding recovery
 * points cannot be deleted, and 3-year data must outlive a stack), recovery points undeletable by
 * anyone but the retention rules, and optionally Vault Lock. Both use RetainExceptOnCreate: the vault's name
 * is fixed, so a vault kept after a rolled-back first create would make every retry fail ("already exists").
 */
export class EncryptedVault extends Construct {
  readonly key: kms.Key;
  readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: EncryptedVaultProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the recovery points of the ${props.vaultName} backup vault`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    restrictGrantsToAwsServices(this.key);
    const lock = props.vaultLock;
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: props.vaultName,
      encryptionKey: this.key,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      blockRecoveryPointDeletion: true,
      ...(lock
        ? {
            lockConfiguration: {
              minRetention: Duration.days(lock.minRetentionDays),
              ...(lock.maxRetentionDays !== undefined ? { maxRetention: Duration.days(lock.maxRetentionDays) } : {}),
              ...(lock.changeableForDays !== undefined ? { changeableFor: Duration.days(lock.changeableForDays) } : {}),
            },
          }
        : {}),
    });
  }
}
