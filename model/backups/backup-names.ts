/**
 * Physical names of an environment's AWS Backup resources, shared by the constructs that create them
 * and by `bluegreen backups`, which finds them by name. Fixed, like pipeline/naming.ts, because the CLI
 * and the DR runbook must find the vaults without reading CloudFormation outputs.
 */
export interface BackupNames {
  /** Vault in the environment's region that the plan writes its recovery points to. */
  readonly vault: string;
  /** Vault in `copyToRegion` that receives a copy of every recovery point. */
  readonly drVault: string;
  readonly plan: string;
}

export function backupNames(application: string, environment: string): BackupNames {
  const prefix = `${application}-${environment}`;
  return { vault: prefix, drVault: `${prefix}-dr`, plan: prefix };
}
