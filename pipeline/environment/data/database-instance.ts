import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import type { Construct } from 'constructs';
import type { ClusterParts } from './database-cluster';
import { instanceEngine, logExports } from './database-engine';
import { instanceParameters } from './database-parameters';
import { snapshotOf } from '../../../model/config/database-schema';
import type { DatabaseProps } from './database';

/** An RDS instance (new or from a snapshot) in the database's subnets, with the parts the Database made for it. */
export function rdsInstance(
  scope: Construct,
  props: DatabaseProps,
  parts: ClusterParts,
): rds.DatabaseInstance | rds.DatabaseInstanceFromSnapshot {
  const engine = instanceEngine(props.engine as 'postgres' | 'mysql', props.version);
  const common: rds.DatabaseInstanceSourceProps = {
    engine,
    vpc: props.vpc,
    vpcSubnets: props.subnets,
    securityGroups: [parts.securityGroup],
    port: parts.port,
    instanceIdentifier: props.identifier,
    instanceType: new ec2.InstanceType((props.instanceClass as string).replace(/^db\./, '')),
    allocatedStorage: props.allocatedStorageGiB ?? 20,
    maxAllocatedStorage: props.maxAllocatedStorageGiB,
    storageType: rds.StorageType.GP3,
    multiAz: props.multiAz,
    publiclyAccessible: false,
    deletionProtection: props.deletionProtection,
    removalPolicy: props.deletionProtection ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
    backupRetention: Duration.days(props.backupRetentionDays),
    // Before the AWS Backup window (03:00 UTC, core/backups) so the two do not overlap.
    preferredBackupWindow: '01:00-02:00',
    copyTagsToSnapshot: true,
    autoMinorVersionUpgrade: true,
    iamAuthentication: props.iamAuthentication,
    // OS metrics every minute (CT.RDS.PR.2); CDK makes the role RDS monitoring assumes.
    monitoringInterval: Duration.minutes(1),
    cloudwatchLogsExports: logExports(props.engine),
    ...instanceParameters(scope, props.engine as 'postgres' | 'mysql', engine, props.version, props.requireTls),
    enablePerformanceInsights: props.performanceInsights,
    ...(props.performanceInsights ? { performanceInsightEncryptionKey: parts.key } : {}),
  };
  if (props.restoreFrom === undefined) {
    return new rds.DatabaseInstance(scope, 'Instance', {
      ...common,
      databaseName: props.databaseName,
      storageEncrypted: true,
      storageEncryptionKey: parts.key,
      credentials: rds.Credentials.fromSecret(parts.secret),
    });
  }
  // A restored instance keeps the snapshot's encryption (CloudFormation: do not set StorageEncrypted or
  // KmsKeyId with a snapshot); an AWS Backup copy is encrypted with the DR vault's key.
  return new rds.DatabaseInstanceFromSnapshot(scope, 'Instance', {
    ...common,
    snapshotIdentifier: snapshotOf(props.restoreFrom),
    credentials: rds.SnapshotCredentials.fromSecret(parts.secret),
  });
}
