import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { clusterEngine, logExports } from './database-engine';
import { clusterParameters } from './database-parameters';
import { snapshotOf } from '../../../model/config/database-schema';
import type { DatabaseProps } from './database';

export interface ClusterParts {
  readonly secret: secretsmanager.ISecret;
  readonly key: kms.IKey;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly port: number;
}

/**
 * An Aurora cluster (new or from a snapshot): a writer in the first availability zone and, when
 * Multi-AZ, a reader in the second that scales with the writer and is promoted on failover.
 */
export function auroraCluster(
  scope: Construct,
  props: DatabaseProps,
  parts: ClusterParts,
): rds.DatabaseCluster | rds.DatabaseClusterFromSnapshot {
  const engine = clusterEngine(props.engine as 'aurora-postgresql' | 'aurora-mysql', props.version);
  const zones = props.vpc.availabilityZones;
  const instance = (id: string, zone: string, reader: boolean): rds.IClusterInstance => {
    const options = {
      availabilityZone: zone,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      enablePerformanceInsights: props.performanceInsights,
      ...(props.performanceInsights ? { performanceInsightEncryptionKey: parts.key } : {}),
    };
    if (props.serverless !== undefined) {
      return rds.ClusterInstance.serverlessV2(id, { ...options, ...(reader ? { scaleWithWriter: true } : {}) });
    }
    const instanceType = new ec2.InstanceType((props.instanceClass as string).replace(/^db\./, ''));
    return rds.ClusterInstance.provisioned(id, { ...options, instanceType, ...(reader ? { promotionTier: 1 } : {}) });
  };
  const common: rds.DatabaseClusterProps = {
    engine,
    vpc: props.vpc,
    vpcSubnets: props.subnets,
    securityGroups: [parts.securityGroup],
    port: parts.port,
    clusterIdentifier: props.identifier,
    writer: instance('writer', zones[0], false),
    readers: props.multiAz ? [instance('reader', zones[1 % zones.length], true)] : [],
    ...(props.serverless !== undefined
      ? { serverlessV2MinCapacity: props.serverless.minCapacity, serverlessV2MaxCapacity: props.serverless.maxCapacity }
      : {}),
    storageEncrypted: true,
    storageEncryptionKey: parts.key,
    deletionProtection: props.deletionProtection,
    removalPolicy: props.deletionProtection ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY,
    // Before the AWS Backup window (03:00 UTC, core/backups) so the two do not overlap.
    backup: { retention: Duration.days(props.backupRetentionDays), preferredWindow: '01:00-02:00' },
    copyTagsToSnapshot: true,
    iamAuthentication: props.iamAuthentication,
    // OS metrics every minute (CT.RDS.PR.2); CDK makes the role RDS monitoring assumes.
    monitoringInterval: Duration.minutes(1),
    cloudwatchLogsExports: logExports(props.engine),
    ...clusterParameters(
      scope,
      props.engine as 'aurora-postgresql' | 'aurora-mysql',
      engine,
      props.version,
      props.requireTls,
    ),
  };
  if (props.restoreFrom === undefined) {
    return new rds.DatabaseCluster(scope, 'Cluster', {
      ...common,
      defaultDatabaseName: props.databaseName,
      credentials: rds.Credentials.fromSecret(parts.secret),
    });
  }
  // Restoring a cluster may re-encrypt with a key of this region (KmsKeyId): the DR copy's key stays behind.
  return new rds.DatabaseClusterFromSnapshot(scope, 'Cluster', {
    ...common,
    snapshotIdentifier: snapshotOf(props.restoreFrom),
    snapshotCredentials: rds.SnapshotCredentials.fromSecret(parts.secret),
  });
}
