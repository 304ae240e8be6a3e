/**
 * Syntheses nobody reserved, handed to the presynthesis process (presynthesize.ts) instead of made in the
 * worker that asks. In a jest file every synthesis first loads aws-cdk-lib into the file's own module
 * registry, several times the CPU of a synthesis in that process, where it is loaded and warm once for
 * the run. A worker that holds a key's run-cache lock (run-cache.ts) writes `requests/<key>.json` (the
 * configuration and image tag) and waits for `served/<key>.json`. Whenever the presynthesis process is not
 * there (a run of a few files), dies, refuses or fails the synthesis, the worker synthesizes in-process as
 * before, so a failing configuration fails with the worker's own error.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { PipelineConfig } from '../../model/config';
import { isAlive, presynthesisPid, runCacheDir, sleep } from './run-cache';

/** What a worker sends. */
interface SynthesisRequest {
  readonly config: PipelineConfig;
  readonly imageTag: string;
  /** The module that extends the app's environments (synthesized.ts). */
  readonly extension?: string;
}

/** A worker stops waiting after this long and synthesizes itself; far above a queue of warm syntheses. */
const WAIT_LIMIT_MS = 120_000;
const POLL_MS = 20;

/** The presynthesis process's result for `key`, or undefined when the worker must synthesize it itself. */
export function requestSynthesis<T>(
  key: string,
  config: PipelineConfig,
  imageTag: string,
  extension?: string,
): T | undefined {
  const dir = runCacheDir();
  const pid = dir === undefined ? undefined : presynthesisPid(dir);
  if (!dir || pid === undefined || !isAlive(pid)) return undefined;
  const asked: SynthesisRequest = extension === undefined ? { config, imageTag } : { config, imageTag, extension };
  const text = JSON.stringify(asked);
  // What the other process reads must be this very configuration, not one JSON made different.
  if (!isDeepStrictEqual(JSON.parse(text), asked)) return undefined;
  const { request, served, failed } = pathsOf(dir, key);
  writeAtomically(request, text);
  const giveUpAt = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    if (existsSync(served)) {
      const result = JSON.parse(readFileSync(served, 'utf8')) as T;
      rmSync(served, { force: true });
      return result;
    }
    if (existsSync(failed) || !isAlive(pid) || Date.now() > giveUpAt) {
      rmSync(request, { force: true });
      return undefined;
    }
    sleep(POLL_MS);
  }
}

/** Serves every request waiting in the run cache with `synthesize`; returns how many it served. */
export function serveRequests(
  synthesize: (config: PipelineConfig, imageTag: string, extension?: string) => unknown,
): number {
  const dir = runCacheDir();
  if (!dir) return 0;
  const requests = join(dir, 'requests');
  if (!existsSync(requests)) return 0;
  const keys = readdirSync(requests)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length));
  for (const key of keys) {
    const { request, served, failed } = pathsOf(dir, key);
    let asked: SynthesisRequest;
    try {
      asked = JSON.parse(readFileSync(request, 'utf8')) as SynthesisRequest;
    } catch {
      continue; // The worker gave up and took it back.
    }
    try {
      writeAtomically(served, JSON.stringify(synthesize(asked.config, asked.imageTag, asked.extension)));
    } catch (error) {
      writeAtomically(failed, error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
    rmSync(request, { force: true });
  }
  return keys.length;
}

function pathsOf(dir: string, key: string): { request: string; served: string; failed: string } {
  return {
    request: join(dir, 'requests', `${key}.json`),
    served: join(dir, 'served', `${key}.json`),
    failed: join(dir, 'served', `${key}.failed`),
  };
}

/** Written under another name and renamed, so the other side never reads half a file. */
function writeAtomically(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, file);
}
