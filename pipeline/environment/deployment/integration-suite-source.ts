import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { pipelineRolePrincipal } from '../access/pipeline-role-principal';
import { accessLogBucket } from '../../access-log-bucket';
import { restrictGrantsToAwsServices } from '../../policy/key-grants';

/** Where the pipeline puts the commit's source for the suite; the suite's build reads the newest version. */
export const SUITE_SOURCE_KEY = 'integration-suite/source.zip';

export interface IntegrationSuiteSourceProps {
  /** The account of the pipeline that deploys this environment (release account for a protected one). */
  readonly pipelineAccount: string;
  readonly pipelineRegion: string;
  /** The pipeline step that uploads the source (pipeline account); the upload role trusts exactly it. */
  readonly uploadStepRole: string;
  /** The upload role's name in this account. */
  readonly uploadRole: string;
}

/**
 * The commit's source for the integration suite, in the environment's own account: a private, versioned,
 * encrypted bucket that one pipeline step writes (through a role that may only put that object) right before
 * the blue/green deployments, and the suite's CodeBuild project reads when the gate starts it. A stage runs
 * one pipeline execution at a time, so the newest version is the commit being deployed.
 */
export class IntegrationSuiteSource extends Construct {
  readonly bucket: s3.Bucket;
  readonly source: codebuild.ISource;

  constructor(scope: Construct, id: string, props: IntegrationSuiteSourceProps) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', {
      description: "Encrypts the integration suite's source",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    restrictGrantsToAwsServices(key);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      serverAccessLogsBucket: accessLogBucket(this, 'AccessLogs', { retentionDays: 90, source: 'S3 server' }),
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: false,
    });
    this.source = codebuild.Source.s3({ bucket: this.bucket, path: SUITE_SOURCE_KEY });

    const upload = new iam.Role(this, 'UploadRole', {
      roleName: props.uploadRole,
      description: "Lets the pipeline put the commit's source for the integration suite",
      assumedBy: pipelineRolePrincipal(props.pipelineAccount, props.pipelineRegion, props.uploadStepRole),
    });
    upload.addToPolicy(
      new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects(SUITE_SOURCE_KEY)] }),
    );
    key.grant(upload, 'kms:GenerateDataKey');
  }
}
