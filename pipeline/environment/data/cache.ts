import { ArnFormat, Stack } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { CacheAuthentication, CacheEngine } from '../../../model/config/cache-schema';
import { restrictGrantsToAwsServices } from '../../policy/key-grants';
import { CacheAuth } from './cache-auth';
import { CacheRotation } from './cache-rotation';
import { cacheAlarmDefinitions, cacheWidgets } from './cache-monitoring';
import { replicationGroup } from './cache-replication-group';
import { DataAlarms } from './data-alarms';

export type CacheShape =
  { readonly mode: 'serverless' } | { readonly mode: 'nodes'; readonly nodeType: string; readonly replicas: number };

export type CacheProps = CacheShape & {
  readonly vpc: ec2.IVpc;
  /** The isolated subnets of the Network, in at least two availability zones. */
  readonly subnets: ec2.SubnetSelection;
  /** Name of the cache, e.g. `shop-prod`: 1-32 lower-case letters, digits, '-' (user ids append `-default`). */
  readonly identifier: string;
  readonly engine: CacheEngine;
  readonly authentication: CacheAuthentication;
  /**
   * Rotate the token (token authentication) every `days` with the function `functionName`; the token is then the
   * password of a user group's `default` user whatever the mode. @default - the token does not rotate
   */
  readonly rotation?: { readonly days: number; readonly functionName: string };
  readonly alarmTopic: sns.ITopic;
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
};

/** Serverless caches listen on 6379 (and 6380 for reads from replicas); nodes on a non-default port (AEC5). */
export const SERVERLESS_PORTS = { primary: 6379, readers: 6380 } as const;
export const NODES_PORT = 6390;

/**
 * The environment's Redis-compatible cache: ElastiCache Serverless or a replication group, always TLS,
 * encrypted at rest with its own key, in isolated subnets, reachable only from the security groups
 * given to `allowFrom`. Services receive CACHE_HOST, CACHE_PORT, CACHE_TLS from `environment()` and
 * the AUTH token (token authentication) as an ECS secret from `ecsSecrets()`.
 */
export class Cache extends Construct {
  readonly key: kms.Key;
  readonly securityGroup: ec2.SecurityGroup;
  readonly endpoint: string;
  readonly port: number;
  /** The AUTH token (token authentication). */
  readonly authToken?: secretsmanager.ISecret;
  readonly auth: CacheAuth;
  readonly alarms: DataAlarms;
  /** ARN of the serverless cache or the replication group. */
  readonly cacheArn: string;
  private readonly props: CacheProps;
  private readonly ports: ec2.Port;

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    this.props = props;
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(props.identifier) || props.identifier.endsWith('-')) {
      throw new Error(
        `Cache ${id}: identifier '${props.identifier}' must be 1-32 lower-case letters, digits and '-', starting with a letter`,
      );
    }
    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the ${props.identifier} cache and its AUTH token`,
      enableKeyRotation: true,
    });
    restrictGrantsToAwsServices(this.key);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `${props.identifier} cache: reachable only from the security groups allowed in code`,
      allowAllOutbound: false,
    });
    const subnetIds = props.vpc.selectSubnets(props.subnets).subnetIds;
    this.auth = new CacheAuth(this, 'Auth', {
      identifier: props.identifier,
      engine: props.engine,
      authentication: props.authentication,
      key: this.key,
      userGroup: props.mode === 'serverless' || props.authentication === 'iam' || props.rotation !== undefined,
      rotated: props.rotation !== undefined,
    });
    this.authToken = this.auth.token;
    const stack = Stack.of(this);
    const arn = (resource: string) =>
      stack.formatArn({
        service: 'elasticache',
        resource,
        resourceName: props.identifier,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });

    let cacheResource: elasticache.CfnServerlessCache | elasticache.CfnReplicationGroup;
    if (props.mode === 'serverless') {
      const cache = new elasticache.CfnServerlessCache(this, 'Serverless', {
        serverlessCacheName: props.identifier,
        engine: props.engine,
        majorEngineVersion: props.engine === 'valkey' ? '8' : '7',
        kmsKeyId: this.key.keyArn,
        securityGroupIds: [this.securityGroup.securityGroupId],
        subnetIds,
        userGroupId: this.auth.userGroup?.userGroupId,
        snapshotRetentionLimit: 7,
        dailySnapshotTime: '05:00',
      });
      if (this.auth.userGroup) cache.node.addDependency(this.auth.userGroup);
      this.endpoint = cache.attrEndpointAddress;
      this.port = SERVERLESS_PORTS.primary;
      this.ports = ec2.Port.tcpRange(SERVERLESS_PORTS.primary, SERVERLESS_PORTS.readers);
      this.cacheArn = arn('serverlesscache');
      cacheResource = cache;
    } else {
      const group = replicationGroup(this, {
        ...props,
        subnetIds,
        key: this.key,
        securityGroup: this.securityGroup,
        port: NODES_PORT,
        auth: this.auth,
      });
      this.endpoint = group.attrPrimaryEndPointAddress;
      this.port = NODES_PORT;
      this.ports = ec2.Port.tcp(NODES_PORT);
      this.cacheArn = arn('replicationgroup');
      cacheResource = group;
    }
    if (props.rotation && this.auth.token && this.auth.defaultUser && this.auth.userGroup) {
      new CacheRotation(this, 'Rotation', {
        functionName: props.rotation.functionName,
        secret: this.auth.token,
        userId: this.auth.defaultUser.userId,
        userGroupId: this.auth.userGroup.userGroupId,
        days: props.rotation.days,
        key: this.key,
        // The schedule's test waits for the user and its group to be active: after the cache took the group.
        after: [this.auth.userGroup, cacheResource],
        logKey: props.logKey,
        logRetention: props.logRetention,
      });
    }
    this.alarms = new DataAlarms(this, 'Alarms', {
      topic: props.alarmTopic,
      alarms: cacheAlarmDefinitions(props),
    });
  }

  /** Opens the cache port(s) to one security group (a service's or a release task's); never to a CIDR. */
  allowFrom(peer: ec2.IConnectable, description: string): void {
    for (const group of peer.connections.securityGroups) {
      this.securityGroup.addIngressRule(group, this.ports, description);
    }
  }

  /** CACHE_HOST, CACHE_PORT, CACHE_TLS=true (and CACHE_USER with IAM authentication): plain variables. */
  environment(): Record<string, string> {
    return {
      CACHE_HOST: this.endpoint,
      CACHE_PORT: String(this.port),
      CACHE_TLS: 'true',
      ...(this.auth.iamUserName ? { CACHE_USER: this.auth.iamUserName } : {}),
    };
  }

  /** CACHE_AUTH_TOKEN from Secrets Manager with token authentication; nothing with IAM. */
  ecsSecrets(): Record<string, ecs.Secret> {
    return this.authToken ? { CACHE_AUTH_TOKEN: ecs.Secret.fromSecretsManager(this.authToken) } : {};
  }

  /** IAM authentication: lets a task role connect as the cache's IAM user (and only to this cache). */
  grantConnect(grantee: iam.IGrantable): iam.Grant {
    const user = this.auth.userArn();
    if (user === undefined) {
      throw new Error(`Cache ${this.node.id}: grantConnect needs authentication 'iam' (it is token)`);
    }
    return iam.Grant.addToPrincipal({ grantee, actions: ['elasticache:Connect'], resourceArns: [this.cacheArn, user] });
  }

  /** Hits and misses, evictions, CPU and memory, for the environment dashboard. */
  dashboardWidgets(): cloudwatch.IWidget[] {
    return cacheWidgets(this.props, this.alarms.alarms);
  }
}
