import type { Rule, RuleFinding } from '../rule';
import { resourcesOfType, textOf } from '../template-values';

/** An AUTH token on a Valkey/Redis OSS replication group is only accepted with in-transit encryption (TLS). */
export const elasticacheTransitEncryptionAuth: Rule = {
  id: 'elasticache-transit-encryption-auth',
  severity: 'error',
  title: 'ElastiCache AUTH tokens need in-transit encryption',
  awsBehaviour:
    'AuthToken can be specified only on replication groups where TransitEncryptionEnabled is true; ' +
    'ElastiCache rejects CreateReplicationGroup otherwise and the stack rolls back.',
  docUrl: 'https://docs.aws.amazon.com/AmazonElastiCache/latest/red-ug/auth.html',
  check: (assembly) =>
    assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::ElastiCache::ReplicationGroup'))
      .filter((group) => group.resource.Properties.AuthToken !== undefined)
      .flatMap((group): RuleFinding[] => {
        const transit = group.resource.Properties.TransitEncryptionEnabled;
        if (transit === true || transit === 'true') return [];
        const where = { stack: group.stack, logicalId: group.logicalId, resource: group.resource };
        if (transit !== undefined && transit !== false && transit !== 'false') {
          return [
            {
              ...where,
              severity: 'warning',
              message: `cannot tell whether TransitEncryptionEnabled ('${textOf(transit)}') is true; AuthToken requires it`,
            },
          ];
        }
        return [
          {
            ...where,
            severity: 'error',
            message:
              'the replication group sets AuthToken but TransitEncryptionEnabled is ' +
              `${transit === undefined ? 'not set (false)' : 'false'}: set TransitEncryptionEnabled to true, or drop the AuthToken`,
          },
        ];
      }),
};
