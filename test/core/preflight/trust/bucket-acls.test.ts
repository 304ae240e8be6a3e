import { bucketAclGrants } from '../../../../core/preflight/trust/bucket-acls';
import { resource, stack } from '../harness';

const BLOCKED = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };
const judged = (properties: Record<string, unknown>) =>
  bucketAclGrants(
    stack('app-prod-service', { resources: { Data: resource('AWS::S3::Bucket', properties as never) } }),
  ).map((f) => f.message);

test('admits a bucket that grants by policy only and blocks public access whole', () => {
  expect(judged({ PublicAccessBlockConfiguration: BLOCKED })).toEqual([]);
  expect(judged({ AccessControl: 'Private', PublicAccessBlockConfiguration: BLOCKED })).toEqual([]);
});

test('refuses an ACL that grants (AuthenticatedRead admits every AWS account) and a partial public access block', () => {
  expect(judged({ AccessControl: 'AuthenticatedRead', PublicAccessBlockConfiguration: BLOCKED })).toEqual([
    "bucket 'Data' grants \"AuthenticatedRead\" by its ACL: a protected environment's buckets grant by policy only and block public access",
  ]);
  expect(judged({ PublicAccessBlockConfiguration: { ...BLOCKED, RestrictPublicBuckets: false } })).toEqual([
    "bucket 'Data' leaves RestrictPublicBuckets off in its public access block: a protected environment's buckets grant by policy only and block public access",
  ]);
  expect(judged({})).toHaveLength(1);
});
