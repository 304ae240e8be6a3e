import { Duration, PhysicalName, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';
import { accessLogBucket } from '../access-log-bucket';
import { acknowledgeWildcards, type AcceptedWildcard } from '../policy/acknowledge';
import { restrictGrantsToAwsServices } from '../policy/key-grants';

export interface ArtifactStoreProps {
  /** @default 90 - longer than any pipeline run is retried or re-run */
  readonly artifactDays?: number;
  /** @default 365 */
  readonly accessLogDays?: number;
}

/**
 * The pipeline's artifact bucket, made here instead of by CDK Pipelines so it is versioned, expires,
 * and logs its accesses. Its rotating key is what lets the environment accounts read the artifacts
 * (CDK Pipelines' `crossAccountKeys`), and its name is generated because those accounts name it.
 */
export class ArtifactStore extends Construct {
  readonly bucket: s3.Bucket;
  readonly key: kms.Key;
  /** Days an artifact is kept. */
  readonly artifactDays: number;

  constructor(scope: Construct, id: string, props: ArtifactStoreProps = {}) {
    super(scope, id);
    this.artifactDays = props.artifactDays ?? 90;
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the delivery pipeline artifacts',
      enableKeyRotation: true,
      // Kept with the bucket, whose objects it alone decrypts; a stack whose first creation fails leaves neither.
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    restrictGrantsToAwsServices(this.key);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: PhysicalName.GENERATE_IF_NEEDED,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      lifecycleRules: [
        {
          expiration: Duration.days(this.artifactDays),
          noncurrentVersionExpiration: Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      serverAccessLogsBucket: accessLogBucket(this, 'AccessLogs', {
        retentionDays: props.accessLogDays ?? 365,
        source: 'S3 server',
      }),
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
  }

  /** Accepts, on one role, the wildcards of CDK's grants on this store (see {@link acknowledgeArtifactAccess}). */
  acknowledgeAccess(role: IConstruct, access: ArtifactAccess = {}): void {
    acknowledgeArtifactAccess(role, this.bucket, access);
  }
}

/** Which of CDK's grant shapes on the artifact bucket and its key a role holds; reading is always included. */
export interface ArtifactAccess {
  /** Writes and deletes artifacts (a step with an output). @default false */
  readonly write?: boolean;
  /** Encrypts with the key, not only decrypts (a CodeBuild project under the key, the pipeline). @default false */
  readonly encrypt?: boolean;
}

/**
 * Accepts the wildcards CDK's own grants on an artifact bucket put into one role's policy: object
 * actions like `s3:GetObject*`, the bucket's objects, and `kms:GenerateDataKey*` on its key. They are
 * scoped to that bucket and key; a wildcard on anything else still fails the synth.
 */
export function acknowledgeArtifactAccess(role: IConstruct, bucket: s3.IBucket, access: ArtifactAccess = {}): void {
  const wildcards: AcceptedWildcard[] = [
    { action: 's3:GetObject*' },
    { action: 's3:GetBucket*' },
    { action: 's3:List*' },
    { resource: bucket.arnForObjects('*') },
  ];
  if (access.write) wildcards.push({ action: 's3:DeleteObject*' }, { action: 's3:Abort*' });
  if (access.encrypt) wildcards.push({ action: 'kms:GenerateDataKey*' }, { action: 'kms:ReEncrypt*' });
  acknowledgeWildcards(
    role,
    "CDK's grants on the pipeline artifact bucket and its key: every pipeline artifact is an object under a " +
      'per-run key, and the action wildcards are the grant shapes of aws-s3 and aws-kms, on that bucket only.',
    wildcards,
  );
}
