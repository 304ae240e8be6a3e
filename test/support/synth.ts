import { Template } from 'aws-cdk-lib/assertions';
import type { PipelineConfig } from '../../model/config';
import type { PipelineAppOptions } from '../../pipeline/app';
import { addPipelineStacks } from '../../pipeline/pipeline-stacks';
import type { DeliveryPipelineStack } from '../../pipeline/delivery/delivery-pipeline-stack';
import type { ReleasePipelineStack } from '../../pipeline/release/release-pipeline-stack';
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
  extendEnvironment?: PipelineAppOptions['extendEnvironment'],
): SynthesizedApp {
  const { pipeline: stack, release: releaseStack } = addPipelineStacks(testApp(), config, {
    imageTag,
    releaseTool: () => ({ spec: 'ecs-bluegreen-pipeline@0.0.0-test' }),
    extendEnvironment,
  });
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
