/**
 * The CDK app of an application's pipeline, built from its configuration: what `bluegreen app` (the cdk.json
 * `app` that `bluegreen init` writes) synthesizes, and what an application's own TypeScript entry point calls to
 * change constructs the configuration cannot express.
 */
import { App, Validations } from 'aws-cdk-lib';
import { commitTag, gitHeadOf } from './commit-tag';
import type { EnvironmentConfig, PipelineConfig } from '../model/config';
import { loadConfig } from '../model/config/load';
import type { DeliveryPipelineStack } from './delivery/delivery-pipeline-stack';
import type { EnvironmentStage } from './environment/environment-stage';
import { FEATURE_FLAGS } from './feature-flags';
import { TOOL_PACKAGE, toolVersion } from '../model/tool-files';
import { findLockedTool } from '../model/tool-integrity';
import { addPipelineStacks } from './pipeline-stacks';
import type { ReleasePipelineStack } from './release/release-pipeline-stack';
import { policyValidationPlugins } from './policy/policy-plugins';

export interface PipelineAppOptions {
  /**
   * The configuration file, relative to `cwd`.
   * @default - the `PIPELINE_CONFIG` environment variable, else `pipeline.config.yaml`
   */
  readonly configFile?: string;
  /**
   * The application's repository root: where the configuration and the commit are read.
   * @default - the working directory
   */
  readonly cwd?: string;
  /**
   * Called once per environment with its stage, after the tool built the stage's stacks and before the
   * pipeline deploys them: add or change constructs there with plain CDK (`stage.serviceStack`). What it adds
   * goes through the policy gates and preflight like everything else.
   * @default - the stages as the configuration describes them
   */
  readonly extendEnvironment?: (stage: EnvironmentStage, environment: EnvironmentConfig) => void;
  /**
   * Called with the pipeline stack once it is complete.
   * @default - the pipeline as the configuration describes it
   */
  readonly extendPipeline?: (stack: DeliveryPipelineStack) => void;
}

export interface PipelineApp {
  readonly app: App;
  readonly config: PipelineConfig;
  readonly pipeline: DeliveryPipelineStack;
  /** The release pipeline of the protected environments; undefined when no environment has `approval: true`. */
  readonly release?: ReleasePipelineStack;
}

/**
 * Builds the app: the delivery pipeline stack in the tools account with one stage per environment without approval,
 * and, when an environment is protected, the release pipeline stack that deploys the protected ones (deployed by the
 * platform team, never by a pipeline; in `pipeline.releaseAccount`, which validation requires then), under the
 * tool's feature flags and policy gates. Throws `ConfigError` (one line per problem) on a configuration that is not
 * valid.
 */
export function createPipelineApp(options: PipelineAppOptions = {}): PipelineApp {
  const cwd = options.cwd ?? process.cwd();
  const config = loadConfig(options.configFile ?? process.env.PIPELINE_CONFIG, cwd);
  const app = new App({ postCliContext: FEATURE_FLAGS });
  Validations.of(app).addPlugins(...policyValidationPlugins());
  const stacks = addPipelineStacks(app, config, {
    imageTag: commitTag(process.env, () => gitHeadOf(cwd)),
    releaseTool: () => {
      const locked = findLockedTool(cwd, toolVersion());
      return { spec: `${TOOL_PACKAGE}@${toolVersion()}`, integrity: locked?.integrity, tarball: locked?.tarball };
    },
    extendEnvironment: options.extendEnvironment,
    extendPipeline: options.extendPipeline,
  });
  return { app, config, ...stacks };
}
