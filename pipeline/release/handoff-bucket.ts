import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { accessLogBucket } from '../access-log-bucket';
import { restrictGrantsToAwsServices } from '../policy/key-grants';

export interface HandoffBucketProps {
  readonly bucketName: string;
  /** The alias of the bucket's key, which names it for people reading the release account's keys. */
  readonly keyAlias: string;
  /** The delivery pipeline's hand-off step role: the only principal that may write or delete candidates. */
  readonly writerRoleArn: string;
  /**
   * The account of that role (the tools account), which is never this stack's (validation keeps the release account
   * apart): the bucket policy and the key policy admit exactly that role, for the one key it puts.
   */
  readonly writerAccount: string;
  /** The one object key the writer puts. */
  readonly objectKey: string;
  /** @default 30 - days a superseded candidate is kept; a run copies the version it read into its own artifacts */
  readonly candidateDays?: number;
}

/**
 * Where the delivery pipeline puts candidates and the release pipeline's S3 source reads them: versioned (each put
 * is a version, and the source action records the version it read), encrypted with a rotating key of this stack,
 * TLS only, and sending its events to EventBridge, which starts the release pipeline.
 */
export class HandoffBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: HandoffBucketProps) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the candidates the delivery pipeline hands to the release pipeline',
      enableKeyRotation: true,
      alias: props.keyAlias,
      // Kept with the bucket, whose candidates it alone decrypts; a stack whose first creation fails leaves neither.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    restrictGrantsToAwsServices(this.key);
    const days = props.candidateDays ?? 30;
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(days),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      serverAccessLogsBucket: accessLogBucket(this, 'AccessLogs', { retentionDays: 365, source: 'S3 server' }),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
      // A writer of another account: with ACLs disabled this account owns every candidate, so the release
      // pipeline can read it (S3 user guide, "Controlling ownership of objects").
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    });
    // Any other principal, of this account or another (a role a commit creates included), may not put, overwrite or
    // delete a candidate: what the release pipeline reads comes from the hand-off step alone.
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheHandoffStepWrites',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObjectAcl'],
        resources: [this.bucket.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': props.writerRoleArn } },
      }),
    );
    this.admitWriter(props);
    // EventBridge notifications on the L1 bucket: `eventBridgeEnabled` would add a custom-resource Lambda for it.
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
  }

  /**
   * A cross-account writer needs both sides: its own IAM policy (the delivery stack) and these resource policies
   * (S3 user guide, "Bucket owner granting cross-account bucket permissions"; KMS developer guide, "Allowing users in
   * other accounts to use a KMS key"). Both name the one role by `aws:PrincipalArn`, not its account.
   */
  private admitWriter(props: HandoffBucketProps): void {
    const writer = new iam.AccountPrincipal(props.writerAccount).withConditions({
      ArnEquals: { 'aws:PrincipalArn': props.writerRoleArn },
    });
    this.bucket.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'TheHandoffStepPutsTheCandidate',
        principals: [writer],
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(props.objectKey)],
      }),
    );
    // Through S3 only, in this region, for this bucket: the role cannot use the key for anything but putting a candidate. A
    // multipart upload (the CLI's for a large candidate) also needs kms:Decrypt.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'TheHandoffStepEncryptsThroughS3',
        principals: [writer],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        // And for this bucket only: S3 passes the bucket's ARN as encryption context (Bucket Keys on). The writer's
        // own policy says the same, but a commit controls that one.
        conditions: {
          StringEquals: {
            'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com`,
            // By name: the bucket refers to this key, so a reference back would be a cycle.
            'kms:EncryptionContext:aws:s3:arn': `arn:${Stack.of(this).partition}:s3:::${props.bucketName}`,
          },
        },
      }),
    );
  }
}
