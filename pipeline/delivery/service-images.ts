import { Stack, Stage } from 'aws-cdk-lib';
import type * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import type { PipelineConfig, ServiceConfig } from '../../model/config';
import { imageBuilders } from '../../model/config/image-builders';
import type { ServiceImage } from '../environment/services/service-task-definition';
import { imageCopyRegions, regionalImagesStackName, registryHost } from '../../model/image-regions';
import { imageKeyAlias, imageRepositoryName, releaseVerifyRoleName, serviceNames } from '../../model/naming';
import { releaseAccountOf, releaseSplit } from '../../model/release-split';
import { plainArn, roleArn } from '../partition';
import { ImageRepository } from './image-repository';
import { buildImageStep, scanImageStep, type ImageCopy } from './pipeline-steps';
import { RegionalImagesStack } from './regional-images-stack';

/** One service's image: its repository, the privileged build and the gate whose output every environment renders from. */
export interface ServiceImageSteps {
  readonly service: ServiceConfig;
  readonly repository: ImageRepository;
  readonly build: pipelines.CodeBuildStep;
  readonly gated: pipelines.CodeBuildStep;
  /** The same repository in the other regions where environments run; the build pushes the image there too. */
  readonly copies: readonly ImageCopy[];
  /**
   * What an environment stack in `region` names: the repository of that region by plain ARN (a reference cannot
   * cross accounts or regions) and the tag.
   */
  readonly imageFor: (tag: string, region: string) => ServiceImage;
}

/**
 * A repository, a build and a scan gate per image. A service builds its own image unless it names another's with
 * `imageFrom`: then it shares that service's repository, build and gate, so one digest, scanned once, serves every
 * service that runs it. The builds have no dependencies on each other, so CodePipeline runs them side by side in
 * the Image stage.
 */
export class ServiceImages extends Construct {
  /** Every service's image, in the configured order; services that share an image share its steps. */
  readonly images: ServiceImageSteps[];

  constructor(scope: Construct, id: string, config: PipelineConfig, source: pipelines.IFileSetProducer) {
    super(scope, id);
    // A task pulls from its own region: every other region an environment runs in gets the repositories too.
    const builders = imageBuilders(config.services);
    const runnersOf = (builder: ServiceConfig) =>
      config.services.filter((s) => s === builder || s.imageFrom === builder.name);
    const pullRoles = (builder: ServiceConfig, region: string) =>
      config.environments
        .filter((e) => e.region === region)
        .flatMap((e) =>
          runnersOf(builder).map((runner) =>
            roleArn(e.region, e.account, serviceNames(config.application, e, runner).taskExecutionRole),
          ),
        );
    const copyRegions = imageCopyRegions(config);
    for (const region of copyRegions) {
      const regional = new RegionalImagesStack(Stage.of(scope)!, regionalImagesStackName(config.application, region), {
        env: { account: config.pipeline.account, region },
        repositories: builders.map((builder) => ({
          repositoryName: imageRepositoryName(config.application, builder.name),
          pullRoleArns: pullRoles(builder, region),
        })),
        imageRetentionDays: config.pipeline.imageRetentionDays,
      });
      // Self-mutation deploys the pipeline stack with its dependencies: the copies' repositories exist before a push.
      Stack.of(scope).addStackDependency(regional);
    }
    const images = new Map<string, Omit<ServiceImageSteps, 'service'>>();
    for (const builder of builders) {
      images.set(builder.name, this.imageOf(scope, config, builder, pullRoles, copyRegions, source));
    }
    this.images = config.services.map((service) => ({
      service,
      ...images.get(service.imageFrom ?? service.name)!,
    }));
  }

  /** The steps of the Image stage: every build and its gate, once per image. */
  get steps(): pipelines.CodeBuildStep[] {
    return [...new Set(this.images.flatMap((image) => [image.build, image.gated]))];
  }

  /** The image builds, once per image (a shared image is built once). */
  get builds(): pipelines.CodeBuildStep[] {
    return [...new Set(this.images.map((image) => image.build))];
  }

  /** Each service's image at `tag` in `region`, by service name, for an environment stage there. */
  imagesAt(tag: string, region: string): Record<string, ServiceImage> {
    return Object.fromEntries(this.images.map((image) => [image.service.name, image.imageFor(tag, region)]));
  }

  gatedImageOf(service: string): pipelines.CodeBuildStep {
    const found = this.images.find((image) => image.service.name === service);
    if (!found) throw new Error(`no image for service '${service}'`);
    return found.gated;
  }

  /**
   * The repository, build and gate of `builder`'s image, pulled by the execution roles of every service that runs
   * it, and pushed to the same repository in every other region an environment runs in.
   */
  private imageOf(
    scope: Construct,
    config: PipelineConfig,
    builder: ServiceConfig,
    pullRoles: (builder: ServiceConfig, region: string) => string[],
    copyRegions: readonly string[],
    source: pipelines.IFileSetProducer,
  ): Omit<ServiceImageSteps, 'service'> {
    const repositoryName = imageRepositoryName(config.application, builder.name);
    // The single `service:` form keeps its construct ids, so its repository is not replaced.
    const suffix = builder.legacyNames ? '' : `-${builder.name}`;
    const repository = new ImageRepository(scope, `Images${suffix}`, {
      repositoryName,
      pullRoleArns: pullRoles(builder, config.pipeline.region),
      imageRetentionDays: config.pipeline.imageRetentionDays,
      scanReaderRoleArns: releaseScanReaders(config),
    });
    const stepProps = {
      id: suffix,
      source,
      repositoryArn: repository.repository.repositoryArn,
      repositoryUri: repository.repository.repositoryUri,
      repositoryName,
      keyArn: repository.key.keyArn,
      dockerfile: builder.dockerfile,
      buildContext: builder.buildContext,
    };
    const arnIn = (region: string) => plainArn('ecr', region, config.pipeline.account, `repository/${repositoryName}`);
    const copies: ImageCopy[] = copyRegions.map((region) => ({
      region,
      repositoryUri: `${registryHost(config.pipeline.account, region)}/${repositoryName}`,
      repositoryArn: arnIn(region),
      keyAlias: imageKeyAlias(repositoryName),
    }));
    const build = buildImageStep({ ...stepProps, copies });
    const gated = scanImageStep(stepProps, build);
    gated.addStepDependency(build);
    return {
      repository,
      build,
      gated,
      copies,
      imageFor: (tag: string, region: string) => ({
        repositoryArn: arnIn(region),
        repositoryName,
        tag,
        keyAlias: imageKeyAlias(repositoryName),
      }),
    };
  }
}

/**
 * The release pipeline's Verify role, in the release account: it judges the candidate's images' scans again, across
 * accounts, which the repository policy must allow.
 */
function releaseScanReaders(config: PipelineConfig): string[] {
  if (releaseSplit(config).protectedAccounts.length === 0) return [];
  const releaseAccount = releaseAccountOf(config);
  return [
    roleArn(config.pipeline.region, releaseAccount, releaseVerifyRoleName(config.application, config.pipeline.region)),
  ];
}
