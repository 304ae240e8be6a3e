/**
 * The baseline of the synth benchmark: a bare CDK Pipelines app with the same environment stages
 * and nothing else of this product (no image step, render, CodeDeploy step, approval, conditions,
 * notifications or policy plugins). bench/run.ts runs it through the CDK CLI (`--app`); it sets the tool's
 * feature flags as the full app does.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { loadConfig } from '../model/config';
import { EnvironmentStage } from '../pipeline/environment/environment-stage';
import { FEATURE_FLAGS } from '../pipeline/feature-flags';
import { imageKeyAlias, imageRepositoryName } from '../model/naming';
import { plainArn } from '../pipeline/partition';

const config = loadConfig(process.env.PIPELINE_CONFIG, process.cwd());
const app = new App({ postCliContext: FEATURE_FLAGS });
const stack = new Stack(app, 'bare-pipeline', {
  env: { account: config.pipeline.account, region: config.pipeline.region },
});
const pipeline = new pipelines.CodePipeline(stack, 'Pipeline', {
  crossAccountKeys: true,
  synth: new pipelines.ShellStep('Synth', {
    input: pipelines.CodePipelineSource.connection(config.source.repository, config.source.branch, {
      connectionArn: config.source.connectionArn,
    }),
    commands: ['npm ci', 'npx cdk synth'],
  }),
});
const images = Object.fromEntries(
  config.services.map((service) => {
    const repositoryName = imageRepositoryName(config.application, service.name);
    return [
      service.name,
      {
        repositoryArn: plainArn('ecr', config.pipeline.region, config.pipeline.account, `repository/${repositoryName}`),
        repositoryName,
        tag: 'bench',
        keyAlias: imageKeyAlias(repositoryName),
      },
    ];
  }),
);
for (const environment of config.environments) {
  pipeline.addStage(new EnvironmentStage(stack, environment.name, { config, environment, images }));
}
app.synth();
