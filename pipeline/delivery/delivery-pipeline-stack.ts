import { Stack, type StackProps } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import type { PipelineConfig } from '../config';
import { EnvironmentStage } from '../environment/environment-stage';
import { imageKeyAlias, imageRepositoryName, pipelineName } from '../naming';
import { plainArn } from '../partition';
import { ArtifactStore } from './artifact-store';
import { BuildLogs } from './build-logs';
import { hardenCrossRegionArtifacts } from './cross-region-artifacts';
import { type EnvironmentSteps, environmentSteps } from './environment-steps';
import { acknowledgeGeneratedRoles } from './generated-roles';
import { ImageRepository } from './image-repository';
import { PipelineNotifications } from './pipeline-notifications';
import { acknowledgeImageStep, buildSpecStep, imageStep } from './pipeline-steps';
import { addStageConditions } from './stage-conditions';

export interface DeliveryPipelineStackProps extends StackProps {
  readonly config: PipelineConfig;
  /** Tag of this commit's image; the environment stacks name it so a new environment starts on it. */
  readonly imageTag: string;
}

/**
 * The self-mutating delivery pipeline in the tools account: source → build, test and synth →
 * update itself → build, scan and push the image once → per environment: (approval) → CloudFormation
 * → render → CodeDeploy blue/green → integration tests.
 */
export class DeliveryPipelineStack extends Stack {
  readonly pipeline: pipelines.CodePipeline;
  readonly stages: EnvironmentStage[] = [];

  constructor(scope: Construct, id: string, props: DeliveryPipelineStackProps) {
    super(scope, id, props);
    const { config } = props;

    const source = pipelines.CodePipelineSource.connection(config.source.repository, config.source.branch, {
      connectionArn: config.source.connectionArn,
      // The V2 trigger below starts the pipeline, with branch and file-path filters.
      triggerOnPush: false,
    });
    const artifacts = new ArtifactStore(this, 'Artifacts');
    const buildLogs = new BuildLogs(this, 'BuildLogs');
    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: pipelineName(config.application),
      pipelineType: codepipeline.PipelineType.V2,
      // Encrypted with a rotating key, so the environment accounts can read it.
      artifactBucket: artifacts.bucket,
      // Still needed for environments in other regions: CDK's replication bucket there gets a rotating key too.
      crossAccountKeys: true,
      enableKeyRotation: true,
      // The source and approval actions run as the pipeline role, which may assume any action role anyway.
      usePipelineRoleForActions: true,
      selfMutation: true,
      synth: buildSpecStep('Synth', { buildSpec: 'synth.yml', input: source, primaryOutputDirectory: 'cdk.out' }),
      codeBuildDefaults: {
        buildEnvironment: {
          buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
          computeType: codebuild.ComputeType.SMALL,
        },
        logging: buildLogs.loggingOptions,
      },
    });

    const repositoryName = imageRepositoryName(config);
    const images = new ImageRepository(this, 'Images', {
      repositoryName,
      pullAccounts: [...new Set(config.environments.map((e) => e.account))],
    });
    const image = imageStep({
      source,
      repositoryArn: images.repository.repositoryArn,
      repositoryUri: images.repository.repositoryUri,
      repositoryName,
      keyArn: images.key.keyArn,
      dockerfile: config.service.dockerfile,
      buildContext: config.service.buildContext,
    });
    this.pipeline.addWave('Image', { pre: [image] });

    const notifications = new PipelineNotifications(this, 'Notifications', {
      emails: config.notifications.emails,
      chatbotSlackChannelArn: config.notifications.chatbotSlackChannelArn,
    });

    const buildSteps: pipelines.CodeBuildStep[] = [image];
    let previous: { name: string; steps: EnvironmentSteps } | undefined;
    for (const environment of config.environments) {
      const stage = new EnvironmentStage(this, environment.name, {
        config,
        environment,
        image: {
          // A plain ARN: a reference to the pipeline stack cannot cross into another account.
          repositoryArn: plainArn(
            'ecr',
            config.pipeline.region,
            config.pipeline.account,
            `repository/${repositoryName}`,
          ),
          repositoryName,
          tag: props.imageTag,
          keyAlias: imageKeyAlias(repositoryName),
        },
      });
      const steps = environmentSteps(this, {
        application: config.application,
        environment,
        stage,
        source,
        image,
        approvalTopic: notifications.topic,
        previous: previous && { name: previous.name, integrationTests: previous.steps.integrationTests },
      });
      this.pipeline.addStage(stage, { pre: steps.pre, post: steps.post });
      buildSteps.push(...steps.post.filter((step) => step instanceof pipelines.CodeBuildStep));
      this.stages.push(stage);
      previous = { name: environment.name, steps };
    }

    this.pipeline.buildPipeline();
    acknowledgeGeneratedRoles({ pipeline: this.pipeline, artifacts, steps: buildSteps });
    acknowledgeImageStep(image);
    const built = this.pipeline.pipeline;
    hardenCrossRegionArtifacts(built, artifacts.artifactDays);
    const sourceAction = built.stages[0].actions[0];
    built.addTrigger({
      providerType: codepipeline.ProviderType.CODE_STAR_SOURCE_CONNECTION,
      gitConfiguration: {
        sourceAction,
        pushFilter: [{ branchesIncludes: [config.source.branch], filePathsIncludes: config.source.triggerPaths }],
      },
    });
    notifications.watchPipeline(built);
    addStageConditions(built, config);
  }
}
