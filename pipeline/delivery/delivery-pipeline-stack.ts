import { Aspects, Stack, type StackProps } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import type { EnvironmentConfig, PipelineConfig } from '../../model/config';
import { EnvironmentStage } from '../environment/environment-stage';
import { guardrailsParameterName } from '../../model/guardrails-parameter';
import { pipelineName, pipelineRoleName } from '../../model/naming';
import { ArtifactStore } from './artifact-store';
import { BuildLogs } from './build-logs';
import { CodeDeployEcsStep } from './codedeploy-ecs-step';
import { hardenCrossRegionArtifacts } from './cross-region-artifacts';
import { type EnvironmentSteps, environmentSteps } from './environment-steps';
import { frontendBuildStep, publishFrontendStep } from './frontend-steps';
import { acknowledgeGeneratedRoles } from './generated-roles';
import { letSelfMutationDeployAccessStacks } from './self-mutation-access';
import { PipelineNotifications } from './pipeline-notifications';
import { GuardrailsParameter } from './guardrails-parameter';
import { acknowledgeImageStep, acknowledgeScanStep } from './pipeline-steps';
import { buildStageSteps } from './synth-step';
import { ServiceImages } from './service-images';
import { allowConnectionUse, denyAssetRoleBuilds, restrictConnectionToRepository } from './pipeline-roles';
import { pinStepRolesToProjects } from './step-role';
import { ConfusedDeputyConditions } from '../policy/confused-deputy';
import { addStageConditions } from './stage-conditions';
import { HANDOFF_STAGE, handoffStep } from './handoff-step';
import { releaseAccountOf, releaseSplit } from '../../model/release-split';
import { RELABEL_ASSET_MANIFESTS_COMMAND } from './asset-manifest-version';
import { NODE_MAJOR, TOOL_VERSIONS } from './tool-versions';

/** A protected environment and its stage, which the delivery pipeline hands to the release pipeline. */
export interface ReleasedEnvironment {
  readonly environment: EnvironmentConfig;
  readonly stage: EnvironmentStage;
}

export interface DeliveryPipelineStackProps extends StackProps {
  readonly config: PipelineConfig;
  /** Tag of this commit's image; the environment stacks name it so a new environment starts on it. */
  readonly imageTag: string;
  /**
   * Changes each environment's stage before the pipeline deploys it (the application's escape hatch).
   * @default - the stages as the configuration describes them
   */
  readonly extendEnvironment?: (stage: EnvironmentStage, environment: EnvironmentConfig) => void;
}

/**
 * The self-mutating delivery pipeline in the tools account: source → build, test and synth →
 * update itself → build and push the image once, then gate it on its scan → per environment without approval:
 * CloudFormation → render → CodeDeploy blue/green → integration tests → bake → hand the candidate to the release
 * pipeline, which deploys the protected environments (release/release-pipeline-stack.ts). A commit defines this
 * pipeline, so nothing in it may act in a protected account.
 */
export class DeliveryPipelineStack extends Stack {
  readonly pipeline: pipelines.CodePipeline;
  /** Every environment's stage, in the configured order: the delivered ones and the protected ones. */
  readonly stages: EnvironmentStage[] = [];
  /** The protected environments: synthesized into the candidate, deployed by the release pipeline. */
  readonly released: readonly ReleasedEnvironment[];

  constructor(scope: Construct, id: string, props: DeliveryPipelineStackProps) {
    super(scope, id, props);
    const { config } = props;
    // CDK Pipelines' own CodeBuild roles (synth, self-mutation, assets, image) get aws:SourceAccount.
    Aspects.of(this).add(new ConfusedDeputyConditions());

    const source = pipelines.CodePipelineSource.connection(config.source.repository, config.source.branch, {
      connectionArn: config.source.connectionArn,
      // The V2 trigger below starts the pipeline, with branch and file-path filters.
      triggerOnPush: false,
    });
    const artifacts = new ArtifactStore(this, 'Artifacts');
    const buildLogs = new BuildLogs(this, 'BuildLogs');
    const guardrails = new GuardrailsParameter(this, 'Guardrails', {
      parameterName: guardrailsParameterName(config),
    });
    const pipelineRole = new iam.Role(this, 'PipelineRole', {
      // Named: the environments' CodeDeploy action roles trust exactly this role.
      roleName: pipelineRoleName(config.application, config.pipeline.region),
      assumedBy: new iam.ServicePrincipal('codepipeline.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': this.account },
      }),
    });
    const buildStage = buildStageSteps({
      input: source,
      build: config.build,
      guardrailsParameter: guardrails.parameterName,
      rolePolicyStatements: [guardrails.readStatement()],
      artifactBucket: artifacts.bucket,
    });
    this.pipeline = new pipelines.CodePipeline(this, 'Pipeline', {
      pipelineName: pipelineName(config.application),
      role: pipelineRole,
      // Pinned, not @latest: what self-mutation and asset publishing run is decided by a reviewed commit.
      cliVersion: TOOL_VERSIONS.cdkCli,
      cdkAssetsCliVersion: TOOL_VERSIONS.cdkAssets,
      pipelineType: codepipeline.PipelineType.V2,
      // Encrypted with a rotating key, so the environment accounts can read it.
      artifactBucket: artifacts.bucket,
      // Still needed for environments in other regions: CDK's replication bucket there gets a rotating key too.
      crossAccountKeys: true,
      enableKeyRotation: true,
      // The source and approval actions run as the pipeline role, which may assume any action role anyway.
      usePipelineRoleForActions: true,
      selfMutation: true,
      synth: buildStage.synth,
      codeBuildDefaults: {
        buildEnvironment: {
          buildImage: codebuild.LinuxBuildImage.STANDARD_7_0,
          computeType: codebuild.ComputeType.SMALL,
        },
        // Every project CDK Pipelines creates (synth, self-mutation, asset publishing, steps) runs Node; the image's
        // default Node is older than what aws-cdk-lib and the SDK need, and it changes when a version reaches its end.
        partialBuildSpec: codebuild.BuildSpec.fromObject({
          version: '0.2',
          phases: { install: { 'runtime-versions': { nodejs: NODE_MAJOR } } },
        }),
        logging: buildLogs.loggingOptions,
      },
      assetPublishingCodeBuildDefaults: {
        partialBuildSpec: codebuild.BuildSpec.fromObject({
          version: '0.2',
          phases: { pre_build: { commands: [RELABEL_ASSET_MANIFESTS_COMMAND] } },
        }),
      },
    });

    const images = new ServiceImages(this, 'ServiceImages', config, source);
    // Frontends: built once per commit beside the images, published per environment after its blue/green deployments.
    const frontendBuild = config.frontend ? frontendBuildStep(config.frontend, source) : undefined;
    this.pipeline.addWave('Image', { pre: [...images.steps, ...(frontendBuild ? [frontendBuild] : [])] });

    const notifications = new PipelineNotifications(this, 'Notifications', {
      emails: config.notifications.emails,
      chatbotSlackChannelArn: config.notifications.chatbotSlackChannelArn,
    });

    const buildSteps: pipelines.CodeBuildStep[] = [
      ...(buildStage.test ? [buildStage.test] : []),
      ...images.steps,
      ...(frontendBuild ? [frontendBuild] : []),
    ];
    const split = releaseSplit(config);
    const stageOf = (environment: EnvironmentConfig) => {
      const stage = new EnvironmentStage(this, environment.name, {
        config,
        environment,
        images: images.imagesAt(props.imageTag, environment.region),
      });
      // Before addStage: CDK Pipelines synthesizes the stage there, and later changes would not deploy.
      props.extendEnvironment?.(stage, environment);
      this.stages.push(stage);
      return stage;
    };
    let previous: { name: string; steps: EnvironmentSteps } | undefined;
    for (const environment of split.delivered) {
      const stage = stageOf(environment);
      const steps = environmentSteps(this, {
        application: config.application,
        pipelineRegion: config.pipeline.region,
        environment,
        stage,
        source,
        images,
      });
      const publishFrontend =
        config.frontend && frontendBuild
          ? publishFrontendStep(this, {
              application: config.application,
              pipelineRegion: config.pipeline.region,
              environment,
              frontend: config.frontend,
              stage,
              source,
              build: frontendBuild,
              after: steps.post.filter((step) => step instanceof CodeDeployEcsStep),
            })
          : undefined;
      const post = publishFrontend ? [...steps.post, publishFrontend] : steps.post;
      this.pipeline.addStage(stage, { post });
      buildSteps.push(...post.filter((step) => step instanceof pipelines.CodeBuildStep));
      previous = { name: environment.name, steps };
    }
    // The protected environments are synthesized here (their nested assemblies go into the candidate) but are no
    // stages of this pipeline: the release pipeline deploys them after the approval.
    this.released = split.released.map((environment) => ({ environment, stage: stageOf(environment) }));
    if (this.released.length > 0) {
      const handoff = handoffStep(this, {
        config,
        source,
        synth: buildStage.synth,
        images,
        released: this.released,
        frontendBuild,
        previousBake: previous?.steps.bake,
      });
      this.pipeline.addWave(HANDOFF_STAGE, { post: [handoff] });
      buildSteps.push(handoff);
    }

    this.pipeline.buildPipeline();
    acknowledgeGeneratedRoles({ pipeline: this.pipeline, artifacts, steps: buildSteps });
    letSelfMutationDeployAccessStacks(
      this.pipeline,
      split.protectedAccounts.length > 0 ? [...split.protectedAccounts, releaseAccountOf(config)] : [],
    );
    pinStepRolesToProjects(buildSteps);
    for (const build of images.builds) {
      acknowledgeImageStep(build, images.images.find((image) => image.build === build)?.copies);
    }
    for (const gate of new Set(images.images.map((image) => image.gated))) acknowledgeScanStep(gate);
    denyAssetRoleBuilds(this.pipeline);
    const built = this.pipeline.pipeline;
    allowConnectionUse(pipelineRole, config.source.connectionArn);
    restrictConnectionToRepository(pipelineRole, config.source.connectionArn, config.source.repository);
    hardenCrossRegionArtifacts(built, artifacts.artifactDays);
    if (config.source.trigger === 'push') {
      const { triggerPaths, ignorePaths } = config.source;
      built.addTrigger({
        providerType: codepipeline.ProviderType.CODE_STAR_SOURCE_CONNECTION,
        gitConfiguration: {
          sourceAction: built.stages[0].actions[0],
          pushFilter: [
            {
              branchesIncludes: [config.source.branch],
              filePathsIncludes: triggerPaths,
              filePathsExcludes: ignorePaths.length > 0 ? ignorePaths : undefined,
            },
          ],
        },
      });
    }
    // CDK Pipelines does not expose the execution mode; the L1 pipeline takes it.
    (built.node.defaultChild as codepipeline.CfnPipeline).executionMode = config.pipeline.executionMode;
    notifications.watchPipeline(built);
    addStageConditions(built, split.delivered);
    guardrails.denyWritesToRolesIn(this);
  }
}
