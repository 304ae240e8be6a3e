import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { DatabaseProps } from '../../../../pipeline/environment/data/database';
import type { DataTestStack } from './support';

/** What a test chooses of a database; the rest comes from the stack (`databaseProps`). */
export type DatabaseShape = Pick<DatabaseProps, 'engine' | 'version' | 'multiAz' | 'deletionProtection'> &
  Partial<Omit<DatabaseProps, 'vpc' | 'alarmTopic' | 'logKey'>>;

/** The shapes the config can ask for, created in the environment's region. */
export const SHAPES: Record<string, DatabaseShape> = {
  Postgres: {
    engine: 'postgres',
    version: '16',
    instanceClass: 'db.t4g.micro',
    multiAz: false,
    deletionProtection: false,
  },
  Mysql: {
    engine: 'mysql',
    version: '8.4',
    instanceClass: 'db.m7g.large',
    allocatedStorageGiB: 50,
    maxAllocatedStorageGiB: 200,
    multiAz: true,
    deletionProtection: true,
    rotation: {
      days: 30,
      functionName: 'shop-prod-database-rotation',
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    },
    applicationUser: {
      functionName: 'shop-prod-database-users',
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    },
    connectionsAlarmThreshold: 500,
  },
  Serverless: {
    engine: 'aurora-postgresql',
    version: '16',
    serverless: { minCapacity: 0.5, maxCapacity: 8 },
    multiAz: true,
    deletionProtection: true,
  },
};

/** Restores, created in another region (eu-central-1) than the snapshots' environment. */
export const RESTORES: Record<string, DatabaseShape> = {
  RestoredAurora: {
    engine: 'aurora-mysql',
    version: '3',
    instanceClass: 'db.r7g.large',
    multiAz: true,
    deletionProtection: true,
    restoreFrom: { snapshotArn: 'arn:aws:rds:eu-central-1:222222222222:cluster-snapshot:awsbackup:job-1' },
  },
  RestoredPostgres: {
    engine: 'postgres',
    version: '16',
    instanceClass: 'db.t4g.micro',
    multiAz: false,
    deletionProtection: false,
    requireTls: false,
    restoreFrom: { snapshotIdentifier: 'shop-prod-final' },
  },
};

/** Full props: the shape, in the stack's isolated subnets, alarms to its topic, logs under its key. */
export function databaseProps(stack: DataTestStack, identifier: string, shape: DatabaseShape): DatabaseProps {
  return {
    vpc: stack.network.vpc,
    subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    identifier,
    databaseName: 'app',
    backupRetentionDays: 7,
    performanceInsights: true,
    iamAuthentication: true,
    requireTls: true,
    alarmTopic: stack.topic,
    logKey: stack.logKey,
    logRetention: logs.RetentionDays.ONE_YEAR,
    ...shape,
  };
}
