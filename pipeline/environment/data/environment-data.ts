import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { backupNames } from '../../../model/backups/backup-names';
import type { BackupSettings } from '../../../model/config';
import type { EffectiveCache } from '../../../model/config/cache-schema';
import type { EffectiveDatabase } from '../../../model/config/database-schema';
import type { EnvironmentNames } from '../../../model/naming';
import { EnvironmentBackupPlan } from './backup-plan';
import { Cache } from './cache';
import { Database } from './database';

export interface EnvironmentDataProps {
  readonly application: string;
  readonly environment: string;
  /** The environment's physical names: the database-users function's among them. */
  readonly names: EnvironmentNames;
  readonly vpc: ec2.IVpc;
  /** The isolated subnets of the Network. */
  readonly isolatedSubnets: ec2.SubnetSelection;
  /** The environment's database settings. @default - no database */
  readonly database?: EffectiveDatabase;
  /** The environment's cache settings. @default - no cache */
  readonly cache?: EffectiveCache;
  /** The environment's backup plan settings. @default - no backup plan */
  readonly backup?: BackupSettings;
  readonly alarmTopic: sns.ITopic;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/** What a service that uses the data tier receives, and how it is let in. */
export interface DataAccess {
  readonly environment: Record<string, string>;
  readonly secrets: Record<string, ecs.Secret>;
}

/**
 * The environment's data tier: its database and cache (each only when configured) and the backup plan that
 * protects the database. Services name what they use (`uses: [database, cache]`) and receive its address and
 * credentials; only their security groups are let in.
 */
export class EnvironmentData extends Construct {
  readonly database?: Database;
  readonly cache?: Cache;
  readonly backupPlan?: EnvironmentBackupPlan;

  constructor(scope: Construct, id: string, props: EnvironmentDataProps) {
    super(scope, id);
    const identifier = `${props.application}-${props.environment}`;
    const { database, cache } = props;
    if (database) {
      this.database = new Database(this, 'Database', {
        vpc: props.vpc,
        subnets: props.isolatedSubnets,
        identifier,
        engine: database.engine,
        version: database.version,
        databaseName: database.name,
        instanceClass: database.instanceClass,
        serverless: database.serverless,
        allocatedStorageGiB: database.allocatedStorageGiB,
        maxAllocatedStorageGiB: database.maxAllocatedStorageGiB,
        multiAz: database.multiAz,
        deletionProtection: database.deletionProtection,
        backupRetentionDays: database.backupRetentionDays,
        performanceInsights: database.performanceInsights,
        iamAuthentication: database.iamAuthentication,
        requireTls: database.requireTls,
        // Both functions reach the Secrets Manager API: the subnets with NAT egress.
        rotation: database.rotation && {
          days: database.rotation.days,
          functionName: props.names.databaseRotationFunction,
          subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        },
        applicationUser: database.applicationUser
          ? {
              functionName: props.names.databaseUsersFunction,
              subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
            }
          : undefined,
        restoreFrom: database.restoreFrom,
        alarmTopic: props.alarmTopic,
        logKey: props.logKey,
        logRetention: props.logRetention,
      });
    }
    if (cache) {
      this.cache = new Cache(this, 'Cache', {
        ...(cache.mode === 'serverless'
          ? { mode: 'serverless' as const }
          : { mode: 'nodes' as const, nodeType: cache.nodeType, replicas: cache.replicas }),
        vpc: props.vpc,
        subnets: props.isolatedSubnets,
        identifier,
        engine: cache.engine,
        authentication: cache.authentication,
        rotation: cache.rotation && { days: cache.rotation.days, functionName: props.names.cacheRotationFunction },
        alarmTopic: props.alarmTopic,
        logKey: props.logKey,
        logRetention: props.logRetention,
      });
    }
    if (props.backup && this.database) {
      this.backupPlan = new EnvironmentBackupPlan(this, 'Backup', {
        names: backupNames(props.application, props.environment),
        settings: props.backup,
        resourceArns: [this.database.resourceArn],
      });
    }
  }

  /**
   * Lets a service (and its release tasks, which share its security group) use what it names. Its task definition
   * is registered after the database's application user exists, so no task starts with credentials the database
   * does not know yet.
   */
  grantUse(
    uses: readonly string[],
    securityGroup: ec2.ISecurityGroup,
    taskDefinition: ecs.TaskDefinition,
    service: string,
  ): void {
    if (uses.includes('database') && this.database) {
      this.database.allowFrom(securityGroup, `${service} tasks`);
      if (this.database.users) taskDefinition.node.addDependency(this.database.users.ready);
    }
    if (uses.includes('cache') && this.cache) {
      this.cache.allowFrom(securityGroup, `${service} tasks`);
      if (this.cache.auth.iamUserName !== undefined) this.cache.grantConnect(taskDefinition.taskRole);
    }
  }

  /** The variables and secrets a service that uses `uses` receives. */
  accessFor(uses: readonly string[]): DataAccess {
    const database = uses.includes('database') ? this.database : undefined;
    const cache = uses.includes('cache') ? this.cache : undefined;
    return {
      environment: { ...cache?.environment() },
      secrets: { ...database?.ecsSecrets(), ...cache?.ecsSecrets() },
    };
  }

  dashboardWidgets(): cloudwatch.IWidget[] {
    return [...(this.database?.dashboardWidgets() ?? []), ...(this.cache?.dashboardWidgets() ?? [])];
  }
}
