/**
 * The CDK app's entry point: the only place that reads the environment and the configuration file.
 */
import { App, Validations } from 'aws-cdk-lib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { commitTag, gitHeadOf } from './commit-tag';
import { ConfigError, loadConfig } from './config';
import { DeliveryPipelineStack } from './delivery/delivery-pipeline-stack';
import { policyValidationPlugins } from './policy/policy-plugins';

/** The gate minimums the guardrails parameter starts with; a security role owns them afterwards. */
const GUARDRAILS_FILE = 'guardrails.example.yaml';

function main(): void {
  let config;
  try {
    config = loadConfig(process.env.PIPELINE_CONFIG, process.cwd());
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = new App();
  Validations.of(app).addPlugins(...policyValidationPlugins());
  new DeliveryPipelineStack(app, `${config.application}-pipeline`, {
    env: { account: config.pipeline.account, region: config.pipeline.region },
    config,
    imageTag: commitTag(process.env, () => gitHeadOf(__dirname)),
    guardrails: readFileSync(join(__dirname, '..', GUARDRAILS_FILE), 'utf8'),
  });
  app.synth();
}

main();
