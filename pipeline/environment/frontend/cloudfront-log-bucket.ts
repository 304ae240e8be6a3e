import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledgeGuardRule, acknowledgeNagRule } from '../../policy/acknowledge';

/**
 * The destination of CloudFront standard logs: private, TLS only, versioned, expiring. Unlike the
 * other log buckets (access-log-bucket.ts) it keeps ACLs enabled (ObjectOwnership BucketOwnerPreferred):
 * CloudFront's standard logging writes through an ACL grant and fails on a bucket that disables ACLs.
 */
export function cloudFrontLogBucket(scope: Construct, id: string, retentionDays: number): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(retentionDays), noncurrentVersionExpiration: Duration.days(1) }],
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  const endOfChain =
    'Destination of CloudFront access logs: logging its own accesses would log into itself or need yet another bucket.';
  acknowledgeNagRule(bucket, 'AwsSolutions-S1', endOfChain);
  acknowledgeGuardRule(bucket, 's3_bucket_logging_enabled_check', endOfChain);
  acknowledgeGuardRule(
    bucket,
    's3_bucket_default_encryption_kms_check',
    'Destination of CloudFront access logs: kept on SSE-S3 so log delivery needs no key policy for the log delivery service.',
  );
  return bucket;
}
