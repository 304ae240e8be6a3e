import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, parseConfig, type PipelineConfig } from '../../pipeline/config';
import { DeliveryPipelineStack } from '../../pipeline/delivery/delivery-pipeline-stack';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The feature flags of cdk.json: `new App()` does not read it, and templates differ without them. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')).context;
}

/** The gate minimums the repository ships (the guardrails parameter's first value). */
export function shippedGuardrails(): string {
  return readFileSync(join(REPO_ROOT, 'guardrails.example.yaml'), 'utf8');
}

/** The shipped pipeline.config.yaml, parsed and validated. */
export function shippedConfig(): PipelineConfig {
  return loadConfig(undefined, REPO_ROOT);
}

/** The shipped configuration with a change applied to its YAML-level object. */
export function configWith(change: (raw: Record<string, unknown>) => void): PipelineConfig {
  const { parse, stringify } = jest.requireActual<typeof import('yaml')>('yaml');
  const raw = parse(readFileSync(join(REPO_ROOT, 'pipeline.config.yaml'), 'utf8'));
  change(raw);
  return parseConfig(stringify(raw), 'test config');
}

export interface SynthesizedApp {
  readonly pipeline: Template;
  /** The service stack of each environment, by environment name. */
  readonly environments: Record<string, Template>;
  readonly stack: DeliveryPipelineStack;
}

/**
 * Synthesizes the whole app as `npm start` does, without asset bundling (one test proves bundling
 * works) and without the policy plugins (their own test runs them). Synthesize once per test file.
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
