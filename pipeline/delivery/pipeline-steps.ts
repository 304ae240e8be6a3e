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
  readonly source: pipelines.IFileSetProducer;
  readonly repositoryArn: string;
  readonly repositoryUri: string;
  readonly repositoryName: string;
  readonly keyArn: string;
  readonly dockerfile: string;
  readonly buildContext: string;
}

/**
 * Builds, pushes and scans the service image. The only privileged (Docker) project of the pipeline;
 * its output directory holds imageDetail.json with the image by digest.
 */
export function imageStep(props: ImageStepProps): pipelines.CodeBuildStep {
  return buildSpecStep('BuildImage', {
    buildSpec: 'image.yml',
    input: props.source,
    primaryOutputDirectory: 'image',
    buildEnvironment: { privileged: true, computeType: codebuild.ComputeType.MEDIUM },
    cache: codebuild.Cache.local(codebuild.LocalCacheMode.DOCKER_LAYER),
    env: {
      REPOSITORY_URI: props.repositoryUri,
      REPOSITORY_NAME: props.repositoryName,
      DOCKERFILE: props.dockerfile,
      BUILD_CONTEXT: props.buildContext,
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
          'ecr:DescribeImageScanFindings',
          'ecr:GetDownloadUrlForLayer',
          'ecr:InitiateLayerUpload',
          'ecr:PutImage',
          'ecr:UploadLayerPart',
        ],
        resources: [props.repositoryArn],
      }),
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [props.keyArn] }),
    ],
  });
}

/** What the image project may keep; call once the pipeline is built and the project exists. */
export function acknowledgeImageStep(image: pipelines.CodeBuildStep): void {
  acknowledgeGuardRule(
    image.project,
    'codebuild_project_environment_privileged_check',
    'This project builds the service image with Docker, which needs privileged mode; it is the only privileged ' +
      'project, runs only buildspecs/image.yml, and its role reaches only the artifacts and the image repository.',
  );
  if (!image.project.role) throw new Error('the image project has no role');
  acknowledgeWildcards(
    image.project.role,
    'ecr:GetAuthorizationToken (docker login) supports no resource-level permissions.',
    [{ resource: '*' }],
  );
}
