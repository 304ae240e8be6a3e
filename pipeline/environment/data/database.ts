import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { databasePort, isAurora, type DatabaseEngineName } from '../../../model/config/database-engines';
import type { RestoreFrom, ServerlessCapacity } from '../../../model/config/database-schema';
import { restrictGrantsToAwsServices } from '../../policy/key-grants';
import { DataAlarms } from './data-alarms';
import { acknowledgeDatabaseChoices } from './database-acknowledgements';
import { auroraCluster } from './database-cluster';
import { instanceEngine, logExports } from './database-engine';
import { instanceParameters } from './database-parameters';
import { databaseAlarmDefinitions, databaseWidgets, type DatabaseResource } from './database-monitoring';
import { ecsSecretsOf, generatedDatabaseSecret } from './database-secret';

export interface DatabaseProps {
  readonly vpc: ec2.IVpc;
  /** Where the database lives: the isolated subnets of the Network (`isolatedSubnets: true`). */
  readonly subnets: ec2.SubnetSelection;
  /** Physical identifier of the instance or cluster, e.g. `shop-prod`; also names its log groups. */
  readonly identifier: string;
  readonly engine: DatabaseEngineName;
  /** A major version of SUPPORTED_VERSIONS. */
  readonly version: string;
  readonly databaseName: string;
  /** `db.<family>.<size>`. Required unless `serverless` is set (Aurora). @default - none: `serverless` sizes it */
  readonly instanceClass?: string;
  /** Aurora Serverless v2 capacity; Aurora only. @default - provisioned instances of `instanceClass` */
  readonly serverless?: ServerlessCapacity;
  /** RDS only. @default 20 */
  readonly allocatedStorageGiB?: number;
  /** RDS only. @default - no storage autoscaling */
  readonly maxAllocatedStorageGiB?: number;
  /** A standby (RDS) or a reader in a second availability zone (Aurora). */
  readonly multiAz: boolean;
  /** Deletion protection, and a final snapshot when the resource is deleted (otherwise it is destroyed). */
  readonly deletionProtection: boolean;
  /** Automated backups and point-in-time recovery, 1-35 days. */
  readonly backupRetentionDays: number;
  /** Only where the engine and class allow it (config/database-engines.ts decides). */
  readonly performanceInsights: boolean;
  readonly iamAuthentication: boolean;
  /** Refuse connections without TLS (database-parameters.ts). */
  readonly requireTls: boolean;
  /**
   * Single-user rotation every `days`. Its function runs in `subnets`, which must reach the Secrets
   * Manager API (subnets with NAT egress, or subnets with a Secrets Manager interface endpoint).
   * @default - no rotation
   */
  readonly rotation?: { readonly days: number; readonly subnets: ec2.SubnetSelection };
  /** Create it from this snapshot (same region). @default - a new, empty database */
  readonly restoreFrom?: RestoreFrom;
  /** Alarms notify this topic. */
  readonly alarmTopic: sns.ITopic;
  /** Encrypts the log groups the database exports to (the environment's log key). */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /** @default 'dbadmin' */
  readonly username?: string;
  /** Connections above this for 15 minutes alarm; tune to the class's max_connections. @default 100 */
  readonly connectionsAlarmThreshold?: number;
}

/**
 * The environment's relational database: an RDS instance or an Aurora cluster (provisioned or
 * Serverless v2), new or restored from a snapshot, in isolated subnets, encrypted with its own key,
 * its generated credentials in Secrets Manager. Reachable only from the security groups given to
 * `allowFrom`; services receive the credentials as ECS secrets from `ecsSecrets()`.
 */
export class Database extends Construct {
  readonly key: kms.Key;
  readonly secret: secretsmanager.ISecret;
  readonly securityGroup: ec2.SecurityGroup;
  /** The writer endpoint's host name. */
  readonly endpoint: string;
  readonly port: number;
  /** The instance or cluster: what AWS Backup selects, what alarms watch. */
  readonly resource: DatabaseResource;
  /** The ARN AWS Backup selects (`arn:…:db:…` or `arn:…:cluster:…`). */
  readonly resourceArn: string;
  readonly alarms: DataAlarms;
  /** The secret as generated (before it is attached), where its acknowledgements live. */
  readonly generatedSecret: rds.DatabaseSecret;
  private readonly props: DatabaseProps;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    this.props = props;
    const aurora = isAurora(props.engine);
    if (!/^[a-z][a-z0-9-]{0,62}$/.test(props.identifier) || /--|-$/.test(props.identifier)) {
      throw new Error(
        `Database ${id}: identifier '${props.identifier}' must be 1-63 lower-case letters, digits and single '-', starting with a letter`,
      );
    }
    if (props.serverless !== undefined && !aurora) {
      throw new Error(`Database ${id}: serverless is only for Aurora engines (engine is ${props.engine})`);
    }
    if (props.serverless === undefined && props.instanceClass === undefined) {
      throw new Error(`Database ${id}: set instanceClass or (Aurora) serverless`);
    }
    this.port = databasePort(props.engine);
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the ${props.identifier} database, its secret and its Performance Insights`,
      enableKeyRotation: true,
    });
    restrictGrantsToAwsServices(this.key);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.identifier} database: reachable only from the security groups allowed in code`,
      allowAllOutbound: false,
    });
    this.generatedSecret = generatedDatabaseSecret(this, {
      username: props.username ?? 'dbadmin',
      databaseName: props.databaseName,
      key: this.key,
    });
    const secret = this.generatedSecret;
    const logGroups = this.logGroups(aurora ? 'cluster' : 'instance');

    if (aurora) {
      const cluster = auroraCluster(this, props, {
        secret,
        key: this.key,
        securityGroup: this.securityGroup,
        port: this.port,
      });
      this.resource = cluster;
      this.endpoint = cluster.clusterEndpoint.hostname;
      this.resourceArn = cluster.clusterArn;
    } else {
      const instance = this.instance(secret);
      this.resource = instance;
      this.endpoint = instance.dbInstanceEndpointAddress;
      this.resourceArn = instance.instanceArn;
    }
    logGroups.forEach((group) => this.resource.node.addDependency(group));
    this.secret = this.resource.secret ?? secret;

    if (props.rotation) {
      this.resource.addRotationSingleUser({
        automaticallyAfter: Duration.days(props.rotation.days),
        vpcSubnets: props.rotation.subnets,
      });
    }
    acknowledgeDatabaseChoices(this, props);
    this.alarms = new DataAlarms(this, 'Alarms', {
      topic: props.alarmTopic,
      alarms: databaseAlarmDefinitions(this.resource, props),
    });
  }

  /** Opens the database port to one security group (a service's or a release task's); never to a CIDR. */
  allowFrom(peer: ec2.IConnectable, description: string): void {
    for (const group of peer.connections.securityGroups) {
      this.securityGroup.addIngressRule(group, ec2.Port.tcp(this.port), description);
    }
  }

  /** DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD from the secret: the execution role may read exactly it. */
  ecsSecrets(): Record<string, ecs.Secret> {
    return ecsSecretsOf(this.secret);
  }

  /** CPU (or ACU), connections, free storage and replica lag, for the environment dashboard. */
  dashboardWidgets(): cloudwatch.IWidget[] {
    return databaseWidgets(this.resource, this.props, this.alarms.alarms);
  }

  private instance(secret: secretsmanager.ISecret): rds.DatabaseInstance | rds.DatabaseInstanceFromSnapshot {
    const props = this.props;
    const engine = instanceEngine(props.engine as 'postgres' | 'mysql', props.version);
    const common: rds.DatabaseInstanceSourceProps = {
      engine,
      vpc: props.vpc,
      vpcSubnets: props.subnets,
      securityGroups: [this.securityGroup],
      port: this.port,
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
      ...instanceParameters(this, props.engine as 'postgres' | 'mysql', engine, props.version, props.requireTls),
      enablePerformanceInsights: props.performanceInsights,
      ...(props.performanceInsights ? { performanceInsightEncryptionKey: this.key } : {}),
    };
    if (props.restoreFrom === undefined) {
      return new rds.DatabaseInstance(this, 'Instance', {
        ...common,
        databaseName: props.databaseName,
        storageEncrypted: true,
        storageEncryptionKey: this.key,
        credentials: rds.Credentials.fromSecret(secret),
      });
    }
    // A restored instance keeps the snapshot's encryption (CloudFormation: do not set StorageEncrypted or
    // KmsKeyId with a snapshot); an AWS Backup copy is encrypted with the DR vault's key.
    return new rds.DatabaseInstanceFromSnapshot(this, 'Instance', {
      ...common,
      snapshotIdentifier:
        'snapshotArn' in props.restoreFrom ? props.restoreFrom.snapshotArn : props.restoreFrom.snapshotIdentifier,
      credentials: rds.SnapshotCredentials.fromSecret(secret),
    });
  }

  /** The log groups RDS exports to, made first so they are encrypted and expire (RDS would make neither). */
  private logGroups(kind: 'instance' | 'cluster'): logs.LogGroup[] {
    return logExports(this.props.engine).map(
      (log) =>
        new logs.LogGroup(this, `Log-${log}`, {
          logGroupName: `/aws/rds/${kind}/${this.props.identifier}/${log}`,
          encryptionKey: this.props.logKey,
          retention: this.props.logRetention,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
    );
  }
}
