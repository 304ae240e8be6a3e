/**
 * Shared synthesis: each configuration is synthesized once per jest run, not once per test file.
 *
 * `synthesized(config, imageTag)` returns the templates of the whole app (pipeline stack and every
 * environment's service stack) as `Template.fromJSON` objects. The first caller in the run synthesizes
 * with `synthesizeApp` (in the presynthesis process when there is one: ./synthesis-requests.ts); every other
 * caller, in any worker, reads its result from the run cache (./run-cache.ts), keyed by a hash of the
 * configuration and the image tag.
 *
 * Any configuration can share it: the shipped one, `configWith(...)` variants, examples/*.yaml
 * parsed with `loadConfig`. The templates are shared, so they are frozen: query them, never change
 * them. Tests that need the construct tree (acknowledgements, Annotations, policy plugins) call
 * `synthesizeApp` or `synthesizeWithPolicy` themselves.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { createHash } from 'node:crypto';
import type { PipelineConfig } from '../../model/config';
import { shippedConfig, TEST_IMAGE_TAG } from './configs';
import { oncePerRun } from './run-cache';
import { requestSynthesis } from './synthesis-requests';

/** The templates of one synthesized app, to read only. */
export interface SynthesizedTemplates {
  readonly pipeline: Template;
  /** The release pipeline stack; undefined when no environment is protected. */
  readonly release?: Template;
  /** The service stack of each environment, by environment name, in the configured order. */
  readonly environments: Record<string, Template>;
}

/** The templates as plain JSON, the form they are cached in. */
export interface TemplatesJson {
  readonly pipeline: Record<string, unknown>;
  readonly release?: Record<string, unknown>;
  readonly environments: [string, Record<string, unknown>][];
}

const inThisFile = new Map<string, SynthesizedTemplates>();

/** The app for `config` (the shipped one by default), synthesized at most once per jest run. */
export function synthesized(config: PipelineConfig = shippedConfig(), imageTag = TEST_IMAGE_TAG): SynthesizedTemplates {
  const key = synthesisKey(config, imageTag);
  let found = inThisFile.get(key);
  if (!found) {
    found = toTemplates(
      oncePerRun(key, () => requestSynthesis<TemplatesJson>(key, config, imageTag) ?? synthesizeJson(config, imageTag)),
    );
    inThisFile.set(key, found);
  }
  return found;
}

/** The run-cache key of a configuration's templates. */
export function synthesisKey(config: PipelineConfig, imageTag: string): string {
  return `synth-${createHash('sha256').update(JSON.stringify({ config, imageTag })).digest('hex').slice(0, 24)}`;
}

/** Synthesizes the app for `config` into the JSON the run cache keeps. */
export function synthesizeJson(config: PipelineConfig, imageTag: string): TemplatesJson {
  // Loaded only here: a file whose templates come from the cache never loads the app's constructs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesizeApp } = require('./synth') as typeof import('./synth');
  const app = synthesizeApp(config, imageTag);
  return {
    pipeline: app.pipeline.toJSON(),
    release: app.release?.toJSON(),
    environments: Object.entries(app.environments).map(([name, template]) => [name, template.toJSON()]),
  };
}

function toTemplates(json: TemplatesJson): SynthesizedTemplates {
  deepFreeze(json);
  return {
    pipeline: Template.fromJSON(json.pipeline),
    release: json.release && Template.fromJSON(json.release),
    environments: Object.fromEntries(json.environments.map(([name, template]) => [name, Template.fromJSON(template)])),
  };
}

/** Shared means read-only: a test that writes into a template throws instead of changing another test's input. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
