import { Template } from 'aws-cdk-lib/assertions';
import type { PipelineConfig } from '../../model/config';
import {
  DeliveryPipelineStack,
  type DeliveryPipelineStackProps,
} from '../../pipeline/delivery/delivery-pipeline-stack';
import { releaseAccountOf } from '../../model/release-split';
import { ReleasePipelineStack } from '../../pipeline/release/release-pipeline-stack';
import { shippedConfig, TEST_IMAGE_TAG } from './configs';
import { testApp } from './test-app';

export interface SynthesizedApp {
  readonly pipeline: Template;
  /** The release pipeline stack; undefined when no environment is protected. */
  readonly release?: Template;
  readonly releaseStack?: ReleasePipelineStack;
  /** The service stack of each environment, by environment name. */
  readonly environments: Record<string, Template>;
  readonly stack: DeliveryPipelineStack;
}

/**
 * Synthesizes the whole app as `npm start` does, in a `testApp()` (no asset bundling, no built-in
 * CloudFormation validation) and without the policy plugins (their own test runs them). For templates only, prefer
 * `synthesized()` (./synthesized.ts), which synthesizes each configuration once per run; this is for
 * tests that need the construct tree.
 */
export function synthesizeApp(
  config: PipelineConfig = shippedConfig(),
  imageTag = TEST_IMAGE_TAG,
  extendEnvironment?: DeliveryPipelineStackProps['extendEnvironment'],
): SynthesizedApp {
  const app = testApp();
  const stack = new DeliveryPipelineStack(app, `${config.application}-pipeline`, {
    env: { account: config.pipeline.account, region: config.pipeline.region },
    config,
    imageTag,
    extendEnvironment,
  });
  const releaseStack =
    stack.released.length > 0
      ? new ReleasePipelineStack(app, `${config.application}-release`, {
          env: { account: releaseAccountOf(config), region: config.pipeline.region },
          config,
          released: stack.released,
          tool: { spec: 'ecs-bluegreen-pipeline@0.0.0-test' },
        })
      : undefined;
  const environments = Object.fromEntries(
    stack.stages.map((stage) => [stage.stageName, Template.fromStack(stage.serviceStack)]),
  );
  return {
    pipeline: Template.fromStack(stack),
    release: releaseStack && Template.fromStack(releaseStack),
    releaseStack,
    environments,
    stack,
  };
}
