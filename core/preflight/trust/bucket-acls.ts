import type { AssemblyStack } from '../assembly-model';
import { asObject, asString } from '../json-value';
import type { RuleFinding } from '../rule';
import { resourcesOfType } from '../template-values';

const PUBLIC_ACCESS_BLOCKS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

/**
 * Every bucket of a protected environment's stack grants nothing by an ACL and blocks public access whole: an ACL is a
 * grant outside any policy Verify reads (AuthenticatedRead admits every AWS account), and a bucket without the block
 * could be opened later by a policy or an ACL (S3 user guide, "Blocking public access to your Amazon S3 storage").
 */
export function bucketAclGrants(stack: AssemblyStack): RuleFinding[] {
  return resourcesOfType(stack, 'AWS::S3::Bucket').flatMap(({ logicalId, resource }): RuleFinding[] => {
    const acl = resource.Properties.AccessControl;
    const block = asObject(resource.Properties.PublicAccessBlockConfiguration) ?? {};
    const open = PUBLIC_ACCESS_BLOCKS.filter((key) => block[key] !== true);
    const why = [
      ...(acl === undefined || asString(acl) === 'Private' ? [] : [`grants ${JSON.stringify(acl)} by its ACL`]),
      ...(open.length === 0 ? [] : [`leaves ${open.join(', ')} off in its public access block`]),
    ];
    if (why.length === 0) return [];
    return [
      {
        severity: 'error',
        stack,
        logicalId,
        resource,
        message: `bucket '${logicalId}' ${why.join(' and ')}: a protected environment's buckets grant by policy only and block public access`,
      },
    ];
  });
}
