/**
 * Synthesizes the configurations most test files read, ahead of them, in a plain node process that global
 * setup starts beside the jest workers (test/support/global-setup.ts). In that process aws-cdk-lib is loaded
 * and warmed up once for all of them; in jest every test file loads it afresh in its own module registry,
 * which costs more than a warm synthesis. It takes their run-cache locks first (and says so: `RESERVED_FILE`), then
 * synthesizes them one by one: a file that asks for one waits for it, and a file that asks after this
 * process died synthesizes it itself (test/support/run-cache.ts). Between them and after them, until the
 * run ends, it also synthesizes the other configurations the workers ask it for (synthesis-requests.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PipelineConfig } from '../../model/config';
import { EXAMPLES, exampleConfig, fixtureConfig, shippedConfig, TEST_IMAGE_TAG, threeEnvironments } from './configs';
import { fulfil, RESERVED_FILE, reserve, runCacheDir } from './run-cache';
import { serveRequests } from './synthesis-requests';
import { synthesisKey, synthesizeJson } from './synthesized';

/**
 * Those most files read first; then the three-service fixture and the six examples, one file each; then the other
 * fixtures, each read by two to six files (test/e2e/protected-trust.test.ts reads them all).
 */
const configs: PipelineConfig[] = [
  shippedConfig(),
  threeEnvironments(),
  fixtureConfig('three-services'),
  ...EXAMPLES.map(exampleConfig),
  fixtureConfig('all-capabilities'),
  fixtureConfig('data-app'),
  fixtureConfig('existing-network'),
  fixtureConfig('django-celery'),
  fixtureConfig('frontend-app'),
  fixtureConfig('storage-jobs'),
];

/** How often it looks for requests once its own list is done. */
const POLL_MS = 20;

const cacheDir = runCacheDir();
if (!cacheDir) throw new Error('no run cache: global setup starts this process with one');
const reserved = new Set(reserve(configs.map((config) => synthesisKey(config, TEST_IMAGE_TAG))));
writeFileSync(join(cacheDir, RESERVED_FILE), '');
for (const config of configs) {
  // A worker waiting on a request is blocked now; the reserved ones may not be read yet.
  serveRequests(synthesizeJson);
  const key = synthesisKey(config, TEST_IMAGE_TAG);
  if (reserved.has(key)) fulfil(key, () => synthesizeJson(config, TEST_IMAGE_TAG));
}

// Global teardown kills this process; should jest die without it, the cache directory goes or this process
// is handed to another parent, and it ends by itself.
const parent = process.ppid;
const serve = (): void => {
  if (!runCacheDir() || process.ppid !== parent) return;
  serveRequests(synthesizeJson);
  setTimeout(serve, POLL_MS);
};
serve();
