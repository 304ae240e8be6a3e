import { ArnFormat, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { accessLogBucket } from '../access-log-bucket';
import { acknowledgeWildcards } from '../policy/acknowledge';
import { restrictGrantsToAwsServices } from '../policy/key-grants';
import { narrowKeyUseToAliases } from '../policy/key-use-by-alias';
import { acknowledgeArtifactAccess } from './artifact-store';

/**
 * For an environment in another region, CodePipeline needs an artifact bucket in that region, which
 * CDK makes in a `cross-region-stack-<account>:<region>` of the pipeline account. This gives it what
 * the main artifact bucket has: versions that expire, access logs, and a key that only AWS services
 * may create grants on; and the pipeline role may use those keys only. Call once the pipeline is built.
 */
export function hardenCrossRegionArtifacts(pipeline: codepipeline.Pipeline, artifactDays: number): void {
  const aliases: string[] = [];
  const keys: string[] = [];
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
    // Every key of the support stack's account and region, of which the alias condition admits the one it names.
    const support = Stack.of(replicationBucket);
    const keysThere = Stack.of(pipeline).formatArn({
      service: 'kms',
      region: support.region,
      account: support.account,
      resource: 'key',
      resourceName: '*',
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    if (alias instanceof kms.Alias) {
      aliases.push(alias.aliasName);
      keys.push(keysThere);
    }

    acknowledgeArtifactAccess(pipeline.role, replicationBucket, { write: true });
    acknowledgeWildcards(
      pipeline.role,
      "aws-kms renders the pipeline role's encrypt/decrypt grant on the replication key, a key of another region's " +
        "stack, as Resource '*' (a template cannot name it); the grant holds only for the keys of that account and " +
        'region the replication aliases name (kms:ResourceAliases).',
      [{ resource: keysThere }],
    );
  }
  narrowKeyUse(pipeline.role, aliases, keys);
}

/** The pipeline role's grant on the replication keys, from any key to the keys `aliases` name among `keys`. */
function narrowKeyUse(role: iam.IRole, aliases: readonly string[], keys: readonly string[]): void {
  if (aliases.length === 0) return;
  const policy = role.node.tryFindChild('DefaultPolicy')?.node.defaultChild;
  if (!(policy instanceof iam.CfnPolicy)) {
    throw new Error(`${role.node.path}: no default policy holds the grant on the replication keys to narrow`);
  }
  const document = policy.policyDocument as unknown;
  const stack = Stack.of(policy);
  policy.policyDocument = Lazy.any({
    produce: () => narrowKeyUseToAliases(stack.resolve(document), aliases, stack.resolve(keys)),
  });
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
