import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { acknowledgeGuardRule, acknowledgeWildcards } from '../policy/acknowledge';
import { loadBuildSpec } from './buildspec-file';

export interface BuildSpecStepProps extends Omit<
  pipelines.CodeBuildStepProps,
  'commands' | 'installCommands' | 'partialBuildSpec'
> {
  /** File name in `buildspecs/`. */
  readonly buildSpec: string;
}

/** A CodeBuildStep whose commands come from a validated file in `buildspecs/`. */
export function buildSpecStep(id: string, props: BuildSpecStepProps): pipelines.CodeBuildStep {
  const { buildSpec, ...stepProps } = props;
  const spec = loadBuildSpec(buildSpec);
  return new pipelines.CodeBuildStep(id, {
    ...stepProps,
    installCommands: spec.installCommands,
    commands: spec.commands,
    partialBuildSpec: Object.keys(spec.rest).length > 0 ? codebuild.BuildSpec.fromObject(spec.rest) : undefined,
  });
}

export interface ImageStepProps {
  /** Appended to the step ids (`BuildImage-api`); empty for the single `service:` form. */
  readonly id: string;
  readonly source: pipelines.IFileSetProducer;
  readonly repositoryArn: string;
  readonly repositoryUri: string;
  readonly repositoryName: string;
  readonly keyArn: string;
  readonly dockerfile: string;
  readonly buildContext: string;
  /**
   * The same repository in other regions, where the image is pushed too (same tag, checked to have the same digest).
   * @default - none: every environment runs in the pipeline's region
   */
  readonly copies?: readonly ImageCopy[];
}

/** A repository in another region of the tools account that receives each commit's image. */
export interface ImageCopy {
  readonly region: string;
  readonly repositoryUri: string;
  readonly repositoryArn: string;
  /** Alias of the repository's key there: the key's id is not known to this stack (another region). */
  readonly keyAlias: string;
}

/**
 * Builds and pushes the service image: the only privileged (Docker) project of the pipeline, and it runs nothing
 * but `docker build` and `docker push` (buildspecs/image.yml). It exports the pushed digest; it cannot read scan
 * findings, and nothing deploys its output without the scan step's verdict.
 */
export function buildImageStep(props: ImageStepProps): pipelines.CodeBuildStep {
  const copies = props.copies ?? [];
  return buildSpecStep(`BuildImage${props.id}`, {
    buildSpec: 'image.yml',
    input: props.source,
    buildEnvironment: { privileged: true, computeType: codebuild.ComputeType.MEDIUM },
    cache: codebuild.Cache.local(codebuild.LocalCacheMode.DOCKER_LAYER),
    env: {
      REPOSITORY_URI: props.repositoryUri,
      REPOSITORY_NAME: props.repositoryName,
      DOCKERFILE: props.dockerfile,
      BUILD_CONTEXT: props.buildContext,
      ...(copies.length > 0 ? { COPY_IMAGE_URIS: copies.map((c) => c.repositoryUri).join(' ') } : {}),
    },
    rolePolicyStatements: [
      // GetAuthorizationToken has no resource-level permissions.
      new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }),
      new iam.PolicyStatement({
        actions: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:CompleteLayerUpload',
          'ecr:DescribeImages',
          'ecr:GetDownloadUrlForLayer',
          'ecr:InitiateLayerUpload',
          'ecr:PutImage',
          'ecr:UploadLayerPart',
        ],
        resources: [props.repositoryArn, ...copies.map((c) => c.repositoryArn)],
      }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.keyArn] }),
      ...copies.map(copyKeyStatement),
    ],
  });
}

/** Encrypting layers into a copy's repository: its key, in another region, named by its alias. */
export function copyKeyStatement(copy: ImageCopy): iam.PolicyStatement {
  const [arn, partition, , , account] = copy.repositoryArn.split(':');
  return new iam.PolicyStatement({
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: [[arn, partition, 'kms', copy.region, account, 'key/*'].join(':')],
    conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': copy.keyAlias } },
  });
}

/**
 * Gates the pushed image outside the privileged build: waits for the ECR scan and writes imageDetail.json (the
 * image by digest) only when the findings pass, so deploy files are rendered only from a gated digest.
 */
export function scanImageStep(
  props: Pick<ImageStepProps, 'id' | 'source' | 'repositoryArn' | 'repositoryUri' | 'repositoryName'>,
  built: pipelines.CodeBuildStep,
): pipelines.CodeBuildStep {
  return buildSpecStep(`ScanImage${props.id}`, {
    buildSpec: 'scan.yml',
    input: props.source,
    primaryOutputDirectory: 'image',
    env: {
      REPOSITORY_URI: props.repositoryUri,
      REPOSITORY_NAME: props.repositoryName,
      // The digest the build pushed, read at run time from the build's exported variables.
      IMAGE_DIGEST: built.exportedVariable('IMAGE_DIGEST'),
    },
    rolePolicyStatements: [
      new iam.PolicyStatement({
        actions: ['ecr:DescribeImages', 'ecr:DescribeImageScanFindings'],
        resources: [props.repositoryArn],
      }),
      enhancedScanFindings(),
    ],
  });
}

/**
 * Under enhanced scanning, whoever reads an image's findings must also be allowed inspector2:ListFindings (ECR user
 * guide, "IAM permissions required for enhanced scanning"); Inspector's ListFindings has no resource-level
 * permissions.
 */
export function enhancedScanFindings(): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['inspector2:ListFindings'], resources: ['*'] });
}

/** The reason a scan reader's `inspector2:ListFindings` names no resource. */
export const ENHANCED_SCAN_WILDCARD =
  'inspector2:ListFindings supports no resource-level permissions; ECR needs it to return enhanced scan findings, ' +
  'which the role only reads.';

/** What the scan gate project may keep; call once the pipeline is built and the project exists. */
export function acknowledgeScanStep(gate: pipelines.CodeBuildStep): void {
  if (!gate.project.role) throw new Error('the scan gate project has no role');
  acknowledgeWildcards(gate.project.role, ENHANCED_SCAN_WILDCARD, [{ resource: '*' }]);
}

/** What the image project may keep; call once the pipeline is built and the project exists. */
export function acknowledgeImageStep(image: pipelines.CodeBuildStep, copies: readonly ImageCopy[] = []): void {
  acknowledgeGuardRule(
    image.project,
    'codebuild_project_environment_privileged_check',
    'This project builds the service image with Docker, which needs privileged mode; it is the only privileged ' +
      'project, runs only docker build and push (buildspecs/image.yml), and its role reaches only the artifacts and ' +
      'the image repository.',
  );
  if (!image.project.role) throw new Error('the image project has no role');
  acknowledgeWildcards(
    image.project.role,
    'ecr:GetAuthorizationToken (docker login) supports no resource-level permissions.',
    [{ resource: '*' }],
  );
  acknowledgeWildcards(
    image.project.role,
    'The key of an image copy in another region is known here only by its alias, which kms:ResourceAliases pins.',
    copies.flatMap((copy) => copyKeyStatement(copy).resources.map((resource) => ({ resource }))),
  );
}
