import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { acknowledgeGuardRule, acknowledgeNagRule } from '../../policy/acknowledge';
import type { CacheAuth } from './cache-auth';
import type { CacheProps } from './cache';

export interface ReplicationGroupParts {
  readonly subnetIds: string[];
  readonly key: kms.IKey;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly port: number;
  readonly auth: CacheAuth;
}

/**
 * A replication group (cluster mode off: one shard, `replicas` read replicas) with encryption in
 * transit (required) and at rest under the key, the AUTH token or the IAM user group, and Multi-AZ
 * with automatic failover as soon as there is a replica to fail over to.
 */
export function replicationGroup(
  scope: Construct,
  props: CacheProps & { readonly mode: 'nodes' } & ReplicationGroupParts,
): elasticache.CfnReplicationGroup {
  const subnetGroup = new elasticache.CfnSubnetGroup(scope, 'SubnetGroup', {
    description: `Isolated subnets of the ${props.identifier} cache`,
    subnetIds: props.subnetIds,
    cacheSubnetGroupName: props.identifier,
  });
  const failover = props.replicas > 0;
  const group = new elasticache.CfnReplicationGroup(scope, 'ReplicationGroup', {
    replicationGroupId: props.identifier,
    replicationGroupDescription: `${props.identifier} cache`,
    engine: props.engine,
    engineVersion: props.engine === 'valkey' ? '8.0' : '7.1',
    cacheNodeType: props.nodeType,
    numNodeGroups: 1,
    replicasPerNodeGroup: props.replicas,
    automaticFailoverEnabled: failover,
    multiAzEnabled: failover,
    port: props.port,
    cacheSubnetGroupName: subnetGroup.ref,
    securityGroupIds: [props.securityGroup.securityGroupId],
    transitEncryptionEnabled: true,
    transitEncryptionMode: 'required',
    atRestEncryptionEnabled: true,
    kmsKeyId: props.key.keyArn,
    // A token in a user group (a rotated one) is its default user's password, not the group's AUTH token.
    ...(props.auth.userGroup
      ? { userGroupIds: [props.auth.userGroup.userGroupId] }
      : props.auth.token
        ? { authToken: props.auth.token.secretValue.unsafeUnwrap() }
        : {}),
    autoMinorVersionUpgrade: true,
    snapshotRetentionLimit: 7,
    snapshotWindow: '05:00-06:00',
    preferredMaintenanceWindow: 'sun:06:30-sun:07:30',
  });
  group.node.addDependency(subnetGroup);
  if (props.auth.userGroup) group.node.addDependency(props.auth.userGroup);
  if (!failover) {
    const reason =
      'Configured without replicas (cache.replicas 0) for this environment: a single node has nothing to fail over ' +
      'to; Multi-AZ with automatic failover is on whenever replicas > 0.';
    acknowledgeNagRule(group, 'AwsSolutions-AEC4', reason);
    acknowledgeGuardRule(group, 'elasticache_repl_grp_auto_failover_enabled_check', reason);
  }
  if (props.auth.userGroup) {
    acknowledgeNagRule(
      group,
      'AwsSolutions-AEC6',
      props.auth.iamUserName
        ? 'Authentication is IAM through a user group (role-based access control), which replaces the AUTH token: ' +
            'the default user is off and clients sign in as the IAM user with their task role.'
        : "The token is the password of the user group's default user (role-based access control replaces the AUTH " +
            'token), so that it can rotate: ElastiCache rotates user passwords, not AUTH tokens.',
    );
  }
  return group;
}
