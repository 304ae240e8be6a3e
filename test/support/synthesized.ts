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
 * parsed with `loadConfig`, and an app an entry point extends (`extension`: a module, not a function, so the
 * presynthesis process can load it too). The templates are shared, so they are frozen: query them, never change
 * them. Tests that need the construct tree (acknowledgements, Annotations, policy plugins) call
 * `synthesizeApp` or `synthesizeWithPolicy` themselves.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { createHash } from 'node:crypto';
import type { PipelineConfig } from '../../model/config';
import type { PipelineAppOptions } from '../../pipeline/app';
import { shippedConfig, TEST_IMAGE_TAG } from './configs';
import { oncePerRun } from './run-cache';
import { requestSynthesis } from './synthesis-requests';

/** What a module named as `extension` exports. */
export interface EnvironmentExtension {
  readonly extendEnvironment: NonNullable<PipelineAppOptions['extendEnvironment']>;
}

/** The templates of one synthesized app, to read only. */
export interface SynthesizedTemplates {
  readonly pipeline: Template;
  /** The release pipeline stack; undefined when no environment is protected. */
  readonly release?: Template;
  /** The service stack of each environment, by environment name, in the configured order. */
  readonly environments: Record<string, Template>;
  /**
   * Every stack of the app (those above too, and the certificate, DR vault and image copy stacks beside them), by
   * construct path: for the tests that would otherwise build the construct tree only to read another stack.
   */
  readonly stacks: Record<string, SynthesizedStack>;
}

/** One stack of a synthesized app. */
export interface SynthesizedStack {
  /** Its construct path, the key of `stacks`. */
  readonly path: string;
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
  /** The construct paths of the stacks deployed before it. */
  readonly dependencies: readonly string[];
  readonly template: Template;
}

/** {@link SynthesizedStack} as the run cache keeps it. */
interface StackJson extends Omit<SynthesizedStack, 'template'> {
  readonly template: Record<string, unknown>;
}

/** The templates as plain JSON, the form they are cached in: each template once, in `stacks`, named by path elsewhere. */
export interface TemplatesJson {
  readonly pipeline: string;
  readonly release?: string;
  readonly environments: [string, string][];
  readonly stacks: [string, StackJson][];
}

const inThisFile = new Map<string, SynthesizedTemplates>();

/**
 * The app for `config` (the shipped one by default), synthesized at most once per jest run. `extension` is the
 * absolute path of a module whose `extendEnvironment` export is passed to the app, as an entry point passes it to
 * `createPipelineApp`.
 */
export function synthesized(
  config: PipelineConfig = shippedConfig(),
  imageTag = TEST_IMAGE_TAG,
  extension?: string,
): SynthesizedTemplates {
  const key = synthesisKey(config, imageTag, extension);
  let found = inThisFile.get(key);
  if (!found) {
    found = toTemplates(
      oncePerRun(
        key,
        () =>
          requestSynthesis<TemplatesJson>(key, config, imageTag, extension) ??
          synthesizeJson(config, imageTag, extension),
        { awaitPresynthesis: true },
      ),
    );
    inThisFile.set(key, found);
  }
  return found;
}

/** The stacks of an environment's stage (`Service`, `DrVault`, `FrontendCertificate`), by construct id. */
export function stageStacks(templates: SynthesizedTemplates, environment: string): Record<string, SynthesizedStack> {
  const service = Object.values(templates.stacks).find((s) => s.template === templates.environments[environment]);
  if (!service) throw new Error(`no service stack of environment ${environment}`);
  const stage = service.path.slice(0, service.path.lastIndexOf('/') + 1);
  return Object.fromEntries(
    Object.values(templates.stacks)
      .filter((s) => s.path.startsWith(stage) && !s.path.slice(stage.length).includes('/'))
      .map((s) => [s.path.slice(stage.length), s]),
  );
}

/** The run-cache key of a configuration's templates. */
export function synthesisKey(config: PipelineConfig, imageTag: string, extension?: string): string {
  const hash = createHash('sha256').update(JSON.stringify({ config, imageTag, extension }));
  return `synth-${hash.digest('hex').slice(0, 24)}`;
}

/** Synthesizes the app for `config` into the JSON the run cache keeps. */
export function synthesizeJson(config: PipelineConfig, imageTag: string, extension?: string): TemplatesJson {
  // Loaded only here: a file whose templates come from the cache never loads the app's constructs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesizeApp } = require('./synth') as typeof import('./synth');
  const extendEnvironment =
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    extension === undefined ? undefined : (require(extension) as EnvironmentExtension).extendEnvironment;
  const app = synthesizeApp(config, imageTag, extendEnvironment);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Stack } = require('aws-cdk-lib') as typeof import('aws-cdk-lib');
  // The templates synthesizeApp made (and checked for cycles); the other stacks' are made here.
  const made = new Map<unknown, Template>([
    [app.stack, app.pipeline],
    ...(app.releaseStack && app.release ? [[app.releaseStack, app.release] as const] : []),
    ...app.stack.stages.map((stage) => [stage.serviceStack, app.environments[stage.stageName]] as const),
  ]);
  const all = app.stack.node.root.node.findAll().filter((c) => Stack.isStack(c));
  return {
    pipeline: app.stack.node.path,
    release: app.releaseStack?.node.path,
    environments: app.stack.stages.map((stage) => [stage.stageName, stage.serviceStack.node.path]),
    stacks: all.map((stack) => [
      stack.node.path,
      {
        path: stack.node.path,
        stackName: stack.stackName,
        account: stack.account,
        region: stack.region,
        dependencies: stack.dependencies.map((d) => d.node.path),
        // The stages are synthesized already (synthesizeApp): this reads their assemblies.
        template: (made.get(stack) ?? Template.fromStack(stack)).toJSON(),
      },
    ]),
  };
}

function toTemplates(json: TemplatesJson): SynthesizedTemplates {
  deepFreeze(json);
  const stacks = Object.fromEntries(
    json.stacks.map(([path, { template, ...stack }]) => [
      path,
      // Checked for cyclic dependencies once, when synthesized (Template.fromStack), not again by every reader.
      { ...stack, template: Template.fromJSON(template, { skipCyclicalDependenciesCheck: true }) },
    ]),
  );
  return {
    pipeline: stacks[json.pipeline].template,
    release: json.release === undefined ? undefined : stacks[json.release].template,
    environments: Object.fromEntries(json.environments.map(([name, path]) => [name, stacks[path].template])),
    stacks,
  };
}

/** Shared means read-only: a test that writes into a template throws instead of changing another test's input. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}
