import { acknowledgeGuardRule, acknowledgeNagRule } from '../../policy/acknowledge';
import type { Database, DatabaseProps } from './database';

const MONITORING_POLICY = 'AmazonRDSEnhancedMonitoringRole';

/**
 * The policy findings a database built as configured raises on purpose, each acknowledged on the one
 * construct it concerns, with the reason. What the database can meet it meets: encryption with its own
 * key, automated backups, a non-default port (RDS11), IAM authentication by default (RDS6).
 */
export function acknowledgeDatabaseChoices(database: Database, props: DatabaseProps): void {
  const resource = database.resource;
  if (props.rotation === undefined) {
    const reason =
      'Rotation is opt-in per environment (database.rotation.days): a task holds its password from its start, so ' +
      'rotation needs tasks replaced within the period (README: Data tier). The password is generated, never leaves ' +
      'Secrets Manager and is read only by the roles granted it.';
    for (const secret of [database.generatedSecret, ...(database.users ? [database.users.generatedSecret] : [])]) {
      acknowledgeNagRule(secret, 'AwsSolutions-SMG4', reason);
    }
  }
  acknowledgeNagRule(
    resource,
    `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${MONITORING_POLICY}]`,
    `Enhanced monitoring: RDS assumes this role to write OS metrics; ${MONITORING_POLICY} is the AWS-maintained ` +
      'policy for exactly that (the RDSOSMetrics log group) and nothing else.',
  );
  const aurora = props.engine.startsWith('aurora-');
  if (!props.multiAz && !aurora) {
    const reason =
      'This environment is configured single-AZ (database.multiAz false, the default without approval): a ' +
      'standby doubles the cost of a pre-production database whose outage blocks no user.';
    acknowledgeNagRule(resource, 'AwsSolutions-RDS3', reason);
    acknowledgeGuardRule(resource, 'rds_instance_multi_az_support_check', reason);
  }
  if (!props.deletionProtection) {
    const reason =
      'Deletion protection is configured off for this environment (database.deletionProtection, default: on with ' +
      'approval): it is rebuilt from scratch or a snapshot, and AWS Backup keeps its recovery points.';
    acknowledgeNagRule(resource, 'AwsSolutions-RDS10', reason);
    acknowledgeGuardRule(
      resource,
      aurora ? 'rds_cluster_deletion_protection_enabled_check' : 'rds_instance_deletion_protection_enabled_check',
      reason,
    );
  }
  if (props.engine.startsWith('aurora-') && !props.iamAuthentication) {
    acknowledgeNagRule(
      resource,
      'AwsSolutions-RDS6',
      'IAM authentication is configured off (database.iamAuthentication false): services authenticate with the ' +
        'generated password from Secrets Manager.',
    );
  }
  if (props.engine === 'aurora-mysql') {
    const reason =
      'Backtrack rewinds the whole live cluster in place and cannot coexist with binlog replication; recovery here ' +
      'is point-in-time restore to a new cluster (automated backups) or an AWS Backup recovery point.';
    acknowledgeNagRule(resource, 'AwsSolutions-RDS14', reason);
    acknowledgeGuardRule(resource, 'aurora_cluster_backtracking_enabled_check', reason);
  }
  if (props.restoreFrom !== undefined && !props.engine.startsWith('aurora-')) {
    const reason =
      'Restored from a snapshot: RDS encrypts the instance with the key of the snapshot, which CloudFormation does ' +
      'not let a restore set (StorageEncrypted/KmsKeyId are inherited). The snapshots this product makes and copies ' +
      "are encrypted with the database's key or the DR vault's key.";
    acknowledgeNagRule(resource, 'AwsSolutions-RDS2', reason);
    acknowledgeGuardRule(resource, 'rds_instance_storage_encrypted_check', reason);
    acknowledgeGuardRule(resource, 'rds_storage_encrypted_kms_key_check', reason);
  }
}
