import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledgeGuardRule, acknowledgeNagRule } from './policy/acknowledge';

/** What delivers logs into the bucket. */
export type AccessLogSource = 'load balancer' | 'S3 server';

export interface AccessLogBucketProps {
  /** Days a log object is kept. */
  readonly retentionDays: number;
  readonly source: AccessLogSource;
}

/**
 * A bucket that receives access logs (ALB access logs or S3 server access logs): private, TLS only,
 * versioned, expiring. It is the end of the logging chain, so it logs nothing itself, and both log
 * deliveries accept only SSE-S3 on their destination, so it is not under a customer-managed key.
 */
export function accessLogBucket(scope: Construct, id: string, props: AccessLogBucketProps): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(1) }],
    removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
  });
  const destination = `Destination of ${props.source} access logs`;
  const endOfChain = `${destination}: logging its own accesses would log into itself or need yet another bucket.`;
  // cdk-nag already exempts a bucket that receives S3 server access logs; the guard rule does not.
  if (props.source === 'load balancer') acknowledgeNagRule(bucket, 'AwsSolutions-S1', endOfChain);
  acknowledgeGuardRule(bucket, 's3_bucket_logging_enabled_check', endOfChain);
  acknowledgeGuardRule(
    bucket,
    's3_bucket_default_encryption_kms_check',
    `${destination}: AWS delivers these logs only to buckets encrypted with SSE-S3, not SSE-KMS.`,
  );
  return bucket;
}
