/**
 * Shared synthesis: each configuration is synthesized once per jest run, not once per test file.
 *
 * `synthesized(config, imageTag)` returns the templates of the whole app (pipeline stack and every
 * environment's service stack) as `Template.fromJSON` objects. The first caller in the run
 * synthesizes with `synthesizeApp` and writes the templates to the run's cache directory (made by
 * test/support/global-setup.ts, named by `SYNTH_CACHE_ENV`), under a hash of the configuration and
 * the image tag; every other caller, in any worker, reads that file. A lock file makes a second
 * worker asking for the same configuration wait for the first instead of synthesizing it again.
 * The cache lives for one run only (global teardown removes it), so product changes are always seen.
 *
 * Any configuration can share it: the shipped one, `configWith(...)` variants, examples/*.yaml
 * parsed with `loadConfig`. The templates are shared, so they are frozen: query them, never change
 * them. Tests that need the construct tree (acknowledgements, Annotations, policy plugins) still call
 * `synthesizeApp` or `synthesizeWithPolicy` themselves; wrapped in `synthesizingFor`, such a synthesis
 * also provides the run's templates of its configuration (test/policy/app-policy.test.ts does).
 */
import { Template } from 'aws-cdk-lib/assertions';
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineConfig } from '../../pipeline/config';
import { shippedConfig } from './configs';
import { SYNTH_CACHE_ENV } from './synth-cache-env';

/** A worker gives up waiting for another one's synthesis after this long. */
const WAIT_LIMIT_MS = 180_000;
const POLL_MS = 50;

/** The templates of one synthesized app, to read only. */
export interface SynthesizedTemplates {
  readonly pipeline: Template;
  /** The service stack of each environment, by environment name, in the configured order. */
  readonly environments: Record<string, Template>;
}

/** The templates as plain JSON, the form they are cached in. */
export interface TemplatesJson {
  readonly pipeline: Record<string, unknown>;
  readonly environments: [string, Record<string, unknown>][];
}

const inThisFile = new Map<string, SynthesizedTemplates>();

function cacheKey(config: PipelineConfig, imageTag: string): string {
  return createHash('sha256').update(JSON.stringify({ config, imageTag })).digest('hex').slice(0, 24);
}

/** The app for `config` (the shipped one by default), synthesized at most once per jest run. */
export function synthesized(config: PipelineConfig = shippedConfig(), imageTag = 'commit-1'): SynthesizedTemplates {
  const key = cacheKey(config, imageTag);
  let found = inThisFile.get(key);
  if (!found) {
    found = toTemplates(templatesJson(key, () => synthesizeJson(config, imageTag)));
    inThisFile.set(key, found);
  }
  return found;
}

function synthesizeJson(config: PipelineConfig, imageTag: string): TemplatesJson {
  // Loaded only here: a file whose templates come from the cache never loads the app's constructs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesizeApp } = require('./synth') as typeof import('./synth');
  const app = synthesizeApp(config, imageTag);
  return {
    pipeline: app.pipeline.toJSON(),
    environments: Object.entries(app.environments).map(([name, template]) => [name, template.toJSON()]),
  };
}

function toTemplates(json: TemplatesJson): SynthesizedTemplates {
  deepFreeze(json);
  return {
    pipeline: Template.fromJSON(json.pipeline),
    environments: Object.fromEntries(json.environments.map(([name, template]) => [name, Template.fromJSON(template)])),
  };
}

/** Shared means read-only: a test that writes into a template throws instead of changing another test's input. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

/**
 * For a test that synthesizes `config` itself in a way that yields the same templates (the policy tests:
 * same feature flags, no bundling, plugins that only read): runs `synthesize` holding the configuration's
 * lock, so workers asking `synthesized(config)` meanwhile wait for it, and caches the templates
 * `templatesOf` reads from its result. When the run already has them, or another worker is making
 * them, it just runs `synthesize`.
 */
export function synthesizingFor<T>(
  config: PipelineConfig,
  imageTag: string,
  synthesize: () => T,
  templatesOf: (result: T) => TemplatesJson | undefined,
): T {
  const paths = cachePaths(cacheKey(config, imageTag));
  if (!paths || existsSync(paths.file) || !takeLock(paths.lock)) return synthesize();
  try {
    const result = synthesize();
    const json = templatesOf(result);
    if (json) writeTemplates(paths.file, json);
    return result;
  } finally {
    rmSync(paths.lock, { force: true });
  }
}

function cachePaths(key: string): { file: string; lock: string } | undefined {
  const dir = process.env[SYNTH_CACHE_ENV];
  if (!dir || !existsSync(dir)) return undefined;
  return { file: join(dir, `${key}.json`), lock: join(dir, `${key}.lock`) };
}

function writeTemplates(file: string, json: TemplatesJson): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(json));
  renameSync(partial, file);
}

/** Reads the run's copy, or makes it while holding the lock, or waits for the worker that holds it. */
function templatesJson(key: string, synthesize: () => TemplatesJson): TemplatesJson {
  const paths = cachePaths(key);
  if (!paths) return synthesize();
  const { file, lock } = paths;
  const giveUpAt = Date.now() + WAIT_LIMIT_MS;
  const failed = `${file}.failed`;
  for (;;) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as TemplatesJson;
    // A configuration that does not synthesize fails every file that asks for it, but only one synthesizes it.
    if (existsSync(failed)) throw new Error(`synthesis failed in another test file:\n${readFileSync(failed, 'utf8')}`);
    if (takeLock(lock)) {
      try {
        const json = synthesize();
        writeTemplates(file, json);
        return json;
      } catch (error) {
        writeFileSync(failed, error instanceof Error ? (error.stack ?? error.message) : String(error));
        throw error;
      } finally {
        rmSync(lock, { force: true });
      }
    }
    if (lockHolderDied(lock)) rmSync(lock, { force: true });
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for another worker to synthesize ${file}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, POLL_MS);
  }
}

function takeLock(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** True when the process that wrote the lock is gone (it crashed before it could remove it). */
function lockHolderDied(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
