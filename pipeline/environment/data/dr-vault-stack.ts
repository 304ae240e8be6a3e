import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { VaultLockConfig } from '../../../model/config';
import { EncryptedVault } from './backup-vault';

export interface DrVaultStackProps extends StackProps {
  /** The DR vault's fixed name, `backupNames(application, environment).drVault`. */
  readonly vaultName: string;
  /** The same lock as the environment's vault. @default - no vault lock */
  readonly vaultLock?: VaultLockConfig;
}

/**
 * The disaster-recovery vault in `backup.copyToRegion` (the stack's `env.region`), which every recovery
 * point of the environment is copied to. It must exist before the plan that copies into it, so the
 * stack holding the BackupPlan depends on this one (`planStack.addStackDependency(drVaultStack)`).
 */
export class DrVaultStack extends Stack {
  readonly vault: EncryptedVault;

  constructor(scope: Construct, id: string, props: DrVaultStackProps) {
    super(scope, id, props);
    this.vault = new EncryptedVault(this, 'DrVault', { vaultName: props.vaultName, vaultLock: props.vaultLock });
  }
}
