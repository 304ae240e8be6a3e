import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import type { EnvironmentConfig, PipelineConfig } from '../../model/config';
import { HANDOFF_KEY, handoffBucketName, handoffStepRoleName } from '../../model/naming';
import { releaseAccountOf } from '../../model/release-split';
import type { EnvironmentStage } from '../environment/environment-stage';
import { FRONTEND_DIST_DIR } from './frontend-steps';
import { acknowledgeWildcards } from '../policy/acknowledge';
import { buildSpecStep } from './pipeline-steps';
import type { ServiceImages } from './service-images';
import { stepRole } from './step-role';

/** The delivery pipeline's last step, as the console shows it. */
export const HANDOFF_STEP = 'Hand-off-to-release-pipeline';
/** The stage that holds it. */
export const HANDOFF_STAGE = 'HandOff';
/** Where the step writes each gated image's imageDetail.json for `handoff pack --image`. */
const HANDOFF_IMAGES_DIR = 'handoff-images';

export interface HandoffStepProps {
  readonly config: PipelineConfig;
  readonly source: pipelines.CodePipelineSource;
  /** The Synth step: its cdk.out holds the protected environments' nested assemblies. */
  readonly synth: pipelines.IFileSetProducer;
  readonly images: ServiceImages;
  /** The protected environments and their stages, which the release pipeline deploys. */
  readonly released: readonly { readonly environment: EnvironmentConfig; readonly stage: EnvironmentStage }[];
  /** The frontend build, when there is a frontend. @default - none */
  readonly frontendBuild?: pipelines.IFileSetProducer;
  /** The last environment the delivery pipeline deployed, whose URL the approver gets. @default - none */
  readonly previousBake?: pipelines.CodeBuildStep;
}

/**
 * Hands the candidate to the release pipeline (buildspecs/handoff.yml). Its role may put one key of the hand-off
 * bucket, encrypted with that bucket's key, and read the images' digests in the application's repositories, nothing
 * else: it reaches no protected account.
 */
export function handoffStep(scope: Construct, props: HandoffStepProps): pipelines.CodeBuildStep {
  const { config } = props;
  const { region } = config.pipeline;
  const releaseAccount = releaseAccountOf(config);
  const bucket = handoffBucketName(config.application, releaseAccount, region);
  const packArgs = [
    ...props.released.map(({ environment, stage }) => `--stage ${environment.name}=${stage.artifactId}`),
    ...props.images.images.map(({ service }) => `--image ${service.name}=${HANDOFF_IMAGES_DIR}/${service.name}`),
    ...(props.frontendBuild ? [`--include ${FRONTEND_DIST_DIR}=${FRONTEND_DIST_DIR}`] : []),
  ];
  const role = stepRole(scope, 'HandoffStepRole', handoffStepRoleName(config.application, region));
  // The release account's keys of this region: IAM names a KMS key by key ARN only, and this one belongs to the
  // release stack, so the statement names it by the bucket S3 encrypts for (KMS developer guide, "Specifying KMS keys
  // in IAM policy statements").
  const anyKey = Stack.of(scope).formatArn({
    service: 'kms',
    account: releaseAccount,
    resource: 'key',
    resourceName: '*',
  });
  acknowledgeWildcards(
    role,
    "The hand-off bucket's key belongs to the release stack in the release account, so its id is unknown here: the " +
      'statement names it by the bucket S3 encrypts for (kms:EncryptionContext:aws:s3:arn), and may only generate ' +
      'data keys and decrypt with it.',
    [{ resource: anyKey }],
  );
  // A key of another account: through S3 only, as its key policy allows (handoff-bucket.ts), and for this bucket only,
  // by the encryption context S3 passes (the bucket's ARN, with S3 Bucket Keys on), which KMS evaluates whoever owns
  // the key (S3 user guide, "Using server-side encryption with AWS KMS keys", encryption context).
  const keyConditions = {
    StringEquals: {
      'kms:ViaService': `s3.${region}.amazonaws.com`,
      'kms:EncryptionContext:aws:s3:arn': `arn:${Stack.of(scope).partition}:s3:::${bucket}`,
    },
  };
  return buildSpecStep(HANDOFF_STEP, {
    buildSpec: 'handoff.yml',
    input: props.source,
    // At most three inputs whatever the number of services (a CodeBuild action takes five), and no variable per image
    // (an action's configuration values are capped at 1000 characters): the step reads each gated image's digest from
    // ECR by its commit tag, which the repositories keep immutable.
    additionalInputs: {
      'handoff-assembly': props.synth,
      ...(props.frontendBuild ? { [FRONTEND_DIST_DIR]: props.frontendBuild } : {}),
    },
    role,
    env: {
      COMMIT_ID: props.source.sourceAttribute('CommitId'),
      REVIEW_URL: props.previousBake?.exportedVariable('SERVICE_URL') ?? '',
      PACK_ARGS: packArgs.join(' '),
      IMAGE_REPOSITORIES: props.images.images
        .map(({ service, repository }) => `${service.name}=${repository.repository.repositoryUri}`)
        .join(' '),
      WITH_SUITE: String(props.released.some(({ stage }) => stage.serviceStack.suiteBucket !== undefined)),
      HANDOFF_BUCKET: bucket,
      HANDOFF_KEY,
    },
    rolePolicyStatements: [
      // Reads which digest each image's commit tag names, in the application's repositories only.
      new iam.PolicyStatement({
        actions: ['ecr:DescribeImages'],
        resources: props.images.images.map(({ repository }) => repository.repository.repositoryArn),
      }),
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [`arn:${Stack.of(scope).partition}:s3:::${bucket}/${HANDOFF_KEY}`],
      }),
      // The bucket's key, named by the bucket it encrypts for: the release stack owns it. A multipart upload under
      // SSE-KMS also needs kms:Decrypt (S3 user guide, "Uploading an object using multipart upload").
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [anyKey],
        conditions: keyConditions,
      }),
    ],
  });
}
