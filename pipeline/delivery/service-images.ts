import type * as pipelines from 'aws-cdk-lib/pipelines';
import { Construct } from 'constructs';
import type { PipelineConfig, ServiceConfig } from '../../model/config';
import type { ServiceImage } from '../environment/services/service-task-definition';
import { imageKeyAlias, imageRepositoryName, serviceNames } from '../../model/naming';
import { plainArn, roleArn } from '../partition';
import { ImageRepository } from './image-repository';
import { buildImageStep, scanImageStep } from './pipeline-steps';

/** One service's image: its repository, the privileged build and the gate whose output every environment renders from. */
export interface ServiceImageSteps {
  readonly service: ServiceConfig;
  readonly repository: ImageRepository;
  readonly build: pipelines.CodeBuildStep;
  readonly gated: pipelines.CodeBuildStep;
  /** What an environment stack names: the repository by plain ARN (a reference cannot cross accounts) and the tag. */
  readonly imageFor: (tag: string) => ServiceImage;
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
    const builders = new Map<string, Omit<ServiceImageSteps, 'service'>>();
    for (const builder of config.services.filter((service) => service.imageFrom === undefined)) {
      const runners = config.services.filter((s) => s === builder || s.imageFrom === builder.name);
      builders.set(builder.name, this.imageOf(scope, config, builder, runners, source));
    }
    this.images = config.services.map((service) => ({
      service,
      ...builders.get(service.imageFrom ?? service.name)!,
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

  /** Each service's image at `tag`, by service name, for an environment stage. */
  imagesAt(tag: string): Record<string, ServiceImage> {
    return Object.fromEntries(this.images.map((image) => [image.service.name, image.imageFor(tag)]));
  }

  gatedImageOf(service: string): pipelines.CodeBuildStep {
    const found = this.images.find((image) => image.service.name === service);
    if (!found) throw new Error(`no image for service '${service}'`);
    return found.gated;
  }

  /** The repository, build and gate of `builder`'s image, pulled by the execution roles of every service that runs it. */
  private imageOf(
    scope: Construct,
    config: PipelineConfig,
    builder: ServiceConfig,
    runners: readonly ServiceConfig[],
    source: pipelines.IFileSetProducer,
  ): Omit<ServiceImageSteps, 'service'> {
    const repositoryName = imageRepositoryName(config.application, builder.name);
    // The single `service:` form keeps its construct ids, so its repository is not replaced.
    const suffix = builder.legacyNames ? '' : `-${builder.name}`;
    const repository = new ImageRepository(scope, `Images${suffix}`, {
      repositoryName,
      pullRoleArns: config.environments.flatMap((e) =>
        runners.map((runner) =>
          roleArn(e.region, e.account, serviceNames(config.application, e, runner).taskExecutionRole),
        ),
      ),
      imageRetentionDays: config.pipeline.imageRetentionDays,
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
    const build = buildImageStep(stepProps);
    const gated = scanImageStep(stepProps, build);
    gated.addStepDependency(build);
    return {
      repository,
      build,
      gated,
      imageFor: (tag: string) => ({
        repositoryArn: plainArn('ecr', config.pipeline.region, config.pipeline.account, `repository/${repositoryName}`),
        repositoryName,
        tag,
        keyAlias: imageKeyAlias(repositoryName),
      }),
    };
  }
}
