import { RemovalPolicy } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { databasePort, engineFamily, isAurora, type DatabaseEngineName } from '../../../model/config/database-engines';
import type { RestoreFrom, ServerlessCapacity } from '../../../model/config/database-schema';
import { restrictGrantsToAwsServices } from '../../policy/key-grants';
import { DataAlarms } from './data-alarms';
import { acknowledgeDatabaseChoices } from './database-acknowledgements';
import { auroraCluster } from './database-cluster';
import { logExports } from './database-engine';
import { rdsInstance } from './database-instance';
import { databaseAlarmDefinitions, databaseWidgets, type DatabaseResource } from './database-monitoring';
import { ecsSecretsOf, generatedDatabaseSecret } from './database-secret';
import { DatabaseRotation } from './database-rotation';
import { DatabaseUsers } from './database-users';

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
   * Rotation of the master user's secret and the application user's every `days`, by the function
   * `functionName` (database-rotation.ts) in `subnets`, which must reach the database and the Secrets Manager API.
   * @default - no rotation
   */
  readonly rotation?: {
    readonly days: number;
    readonly functionName: string;
    readonly subnets: ec2.SubnetSelection;
  };
  /**
   * Services connect as an application user that owns the application's database (database-users.ts), made by a
   * function in `subnets` (which must reach the database and the Secrets Manager API) named `functionName`.
   * @default - services connect as the master user
   */
  readonly applicationUser?: { readonly functionName: string; readonly subnets: ec2.SubnetSelection };
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
  /** The master user's secret as generated (before it is attached), where its acknowledgements live. */
  readonly generatedSecret: rds.DatabaseSecret;
  /** The application user, when services connect as it. */
  readonly users?: DatabaseUsers;
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
      const instance = rdsInstance(this, props, {
        secret,
        key: this.key,
        securityGroup: this.securityGroup,
        port: this.port,
      });
      this.resource = instance;
      this.endpoint = instance.dbInstanceEndpointAddress;
      this.resourceArn = instance.instanceArn;
    }
    logGroups.forEach((group) => this.resource.node.addDependency(group));
    this.secret = this.resource.secret ?? secret;
    this.users = props.applicationUser && this.applicationUser(props.applicationUser);
    if (props.rotation) this.rotate(props.rotation);
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

  /**
   * DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD from the application user's secret (the master user's without
   * one): the execution role may read exactly it.
   */
  ecsSecrets(): Record<string, ecs.Secret> {
    return ecsSecretsOf(this.users?.secret ?? this.secret);
  }

  /** CPU (or ACU), connections, free storage and replica lag, for the environment dashboard. */
  dashboardWidgets(): cloudwatch.IWidget[] {
    return databaseWidgets(this.resource, this.props, this.alarms.alarms);
  }

  private applicationUser(user: NonNullable<DatabaseProps['applicationUser']>): DatabaseUsers {
    const users = new DatabaseUsers(this, 'Users', {
      ...this.functionSettings(),
      subnets: user.subnets,
      functionName: user.functionName,
      engineFamily: engineFamily(this.props.engine),
      databaseName: this.props.databaseName,
      target: this.resource,
      databaseSecurityGroup: this.securityGroup,
      masterSecret: this.secret,
    });
    this.allowFrom(users.securityGroup, 'the database-users function');
    return users;
  }

  private rotate(rotation: NonNullable<DatabaseProps['rotation']>): void {
    const { securityGroup } = new DatabaseRotation(this, 'Rotation', {
      ...this.functionSettings(),
      subnets: rotation.subnets,
      functionName: rotation.functionName,
      days: rotation.days,
      secrets: [
        { id: 'Master', secret: this.secret },
        ...(this.users ? [{ id: 'Application', secret: this.users.secret, masterSecret: this.secret }] : []),
      ],
      // Creating a schedule rotates at once (RotateSecret): after the users exist and the function is let in.
      after: [this.securityGroup, ...(this.users ? [this.users.ready] : [])],
    });
    this.allowFrom(securityGroup, 'the database-rotation function');
  }

  /** What both of the database's functions share: its network, port, key and logs. */
  private functionSettings() {
    const { vpc, logKey, logRetention } = this.props;
    return { vpc, port: this.port, key: this.key, logKey, logRetention };
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
