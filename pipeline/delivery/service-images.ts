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
 * A repository, a build and a scan gate per service. Every service's image is built once per commit; the builds
 * have no dependencies on each other, so CodePipeline runs them side by side in the Image stage.
 */
export class ServiceImages extends Construct {
  readonly images: ServiceImageSteps[];

  constructor(scope: Construct, id: string, config: PipelineConfig, source: pipelines.IFileSetProducer) {
    super(scope, id);
    this.images = config.services.map((service) => {
      const repositoryName = imageRepositoryName(config.application, service.name);
      // The single `service:` form keeps its construct ids, so its repository is not replaced.
      const suffix = service.legacyNames ? '' : `-${service.name}`;
      const repository = new ImageRepository(scope, `Images${suffix}`, {
        repositoryName,
        pullRoleArns: config.environments.map((e) =>
          roleArn(e.region, e.account, serviceNames(config.application, e, service).taskExecutionRole),
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
        dockerfile: service.dockerfile,
        buildContext: service.buildContext,
      };
      const build = buildImageStep(stepProps);
      const gated = scanImageStep(stepProps, build);
      gated.addStepDependency(build);
      return {
        service,
        repository,
        build,
        gated,
        imageFor: (tag: string) => ({
          repositoryArn: plainArn(
            'ecr',
            config.pipeline.region,
            config.pipeline.account,
            `repository/${repositoryName}`,
          ),
          repositoryName,
          tag,
          keyAlias: imageKeyAlias(repositoryName),
        }),
      };
    });
  }

  /** The steps of the Image stage: every build and its gate. */
  get steps(): pipelines.CodeBuildStep[] {
    return this.images.flatMap((image) => [image.build, image.gated]);
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
}
