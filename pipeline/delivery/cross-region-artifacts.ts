import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { accessLogBucket } from '../access-log-bucket';
import { acknowledgeWildcards } from '../policy/acknowledge';
import { restrictGrantsToAwsServices } from '../policy/key-grants';
import { acknowledgeArtifactAccess } from './artifact-store';

/**
 * For an environment in another region, CodePipeline needs an artifact bucket in that region, which
 * CDK makes in a `cross-region-stack-<account>:<region>` of the pipeline account. This gives it what
 * the main artifact bucket has: versions that expire, access logs, and a key that only AWS services
 * may create grants on. Call once the pipeline is built.
 */
export function hardenCrossRegionArtifacts(pipeline: codepipeline.Pipeline, artifactDays: number): void {
  for (const { replicationBucket } of Object.values(pipeline.crossRegionSupport)) {
    if (!(replicationBucket instanceof s3.Bucket)) continue;
    const bucket = replicationBucket.node.defaultChild as s3.CfnBucket;
    bucket.versioningConfiguration = { status: 'Enabled' };
    // CDK names the bucket (a fixed name, GENERATE_IF_NEEDED) and retains it: a rolled-back first create would
    // leave the name taken and every retry would fail. Kept on delete, removed when its own create rolls back.
    replicationBucket.applyRemovalPolicy(RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE);
    replicationBucket.addLifecycleRule({
      expiration: Duration.days(artifactDays),
      noncurrentVersionExpiration: Duration.days(7),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    });
    logAccesses(replicationBucket);
    // CDK encrypts the bucket through an alias of its key.
    const alias = replicationBucket.encryptionKey;
    const key = alias instanceof kms.Alias ? alias.aliasTargetKey : alias;
    if (key instanceof kms.Key) restrictGrantsToAwsServices(key);

    acknowledgeArtifactAccess(pipeline.role, replicationBucket, { write: true });
    acknowledgeWildcards(
      pipeline.role,
      "aws-kms renders the pipeline role's encrypt/decrypt grant on the replication key, a key of another stack, " +
        "as Resource '*', and CodePipeline offers no way to name it; the replication key's own policy names the role.",
      [{ resource: '*' }],
    );
  }
}

/** S3 server access logging, set on CDK's bucket after it was made (the L2 takes it only at creation). */
function logAccesses(bucket: s3.Bucket): void {
  const stack = Stack.of(bucket);
  const logs = accessLogBucket(stack, 'ReplicationAccessLogs', { retentionDays: 365, source: 'S3 server' });
  (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = { destinationBucketName: logs.bucketName };
  logs.addToResourcePolicy(
    new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [logs.arnForObjects('*')],
      conditions: {
        ArnLike: { 'aws:SourceArn': bucket.bucketArn },
        StringEquals: { 'aws:SourceAccount': stack.account },
      },
    }),
  );
}
