import type { App } from 'aws-cdk-lib';
import type { PipelineConfig } from '../model/config';
import { environmentNames, pipelineStackName, releaseStackName } from '../model/naming';
import { deployingAccountOf, releaseAccountOf } from '../model/release-split';
import type { PipelineApp, PipelineAppOptions } from './app';
import { DeliveryPipelineStack } from './delivery/delivery-pipeline-stack';
import { EnvironmentAccessStack } from './environment/access/environment-access-stack';
import { ReleasePipelineStack } from './release/release-pipeline-stack';
import type { PinnedTool } from './release/release-project';

/** What {@link addPipelineStacks} needs beside the configuration. */
export interface PipelineStacksOptions extends Pick<PipelineAppOptions, 'extendEnvironment' | 'extendPipeline'> {
  /** The tag of the images this commit builds. */
  readonly imageTag: string;
  /**
   * The tool the release pipeline installs and runs; asked only when there is a release pipeline, since it reads the
   * application's lockfile.
   */
  readonly releaseTool: () => PinnedTool;
}

/**
 * Adds the stacks of a valid configuration to `app`, each in its account and region: the one place that decides
 * them, for `createPipelineApp` and for the tests, which build them in an app of their own.
 */
export function addPipelineStacks(
  app: App,
  config: PipelineConfig,
  options: PipelineStacksOptions,
): Pick<PipelineApp, 'pipeline' | 'release'> {
  const pipeline = new DeliveryPipelineStack(app, pipelineStackName(config.application), {
    env: { account: config.pipeline.account, region: config.pipeline.region },
    config,
    imageTag: options.imageTag,
    extendEnvironment: options.extendEnvironment,
  });
  options.extendPipeline?.(pipeline);
  const release =
    pipeline.released.length > 0
      ? new ReleasePipelineStack(app, releaseStackName(config.application), {
          env: { account: releaseAccountOf(config), region: config.pipeline.region },
          config,
          released: pipeline.released,
          tool: options.releaseTool(),
        })
      : undefined;
  // Each environment's action roles exist before the pipeline that names them: the delivery stack's deploy (and its
  // self-mutation) deploys the unprotected environments' first, the platform team's deploy of the release stack the
  // protected ones' (which trust only the release account's bootstrap roles).
  for (const environment of config.environments) {
    const names = environmentNames(config.application, environment, config.pipeline.region);
    const access = new EnvironmentAccessStack(app, names.accessStackName, {
      env: { account: environment.account, region: environment.region },
      names,
      pipelineAccount: deployingAccountOf(config, environment),
      pipelineRegion: config.pipeline.region,
    });
    (environment.approval ? release : pipeline)?.addStackDependency(access);
  }
  return { pipeline, release };
}
