import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { PipelineConfig } from '../../pipeline/config';
import { DeliveryPipelineStack } from '../../pipeline/delivery/delivery-pipeline-stack';
import { cdkJsonContext, shippedConfig, shippedGuardrails } from './configs';

export { cdkJsonContext, configWith, REPO_ROOT, shippedConfig, shippedGuardrails } from './configs';

export interface SynthesizedApp {
  readonly pipeline: Template;
  /** The service stack of each environment, by environment name. */
  readonly environments: Record<string, Template>;
  readonly stack: DeliveryPipelineStack;
}

/**
 * Synthesizes the whole app as `npm start` does, without asset bundling (one test proves bundling
 * works) and without the policy plugins (their own test runs them). For templates only, prefer
 * `synthesized()` (./synthesized.ts), which synthesizes each configuration once per run; this is for
 * tests that need the construct tree.
 */
export function synthesizeApp(config: PipelineConfig = shippedConfig(), imageTag = 'commit-1'): SynthesizedApp {
  const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
  const stack = new DeliveryPipelineStack(app, `${config.application}-pipeline`, {
    env: { account: config.pipeline.account, region: config.pipeline.region },
    config,
    imageTag,
    guardrails: shippedGuardrails(),
  });
  const environments = Object.fromEntries(
    stack.stages.map((stage) => [stage.stageName, Template.fromStack(stage.serviceStack)]),
  );
  return { pipeline: Template.fromStack(stack), environments, stack };
}
