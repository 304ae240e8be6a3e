import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleLambdas } from '../../scripts/bundle-lambdas';
import { PRESYNTHESIS_LOG_FILE, PRESYNTHESIS_PID_FILE } from './run-cache';
import { SYNTH_CACHE_ENV } from './synth-cache-env';

/**
 * Makes this run's cache (see run-cache.ts; workers inherit the variable), bundles the Lambda handlers and, for a run
 * of the whole suite (not the policy checks'), starts the presynthesis process (presynthesize.ts). A run of a few files
 * does without it: they synthesize what they read themselves.
 */
export default function globalSetup(
  globalConfig: { testPathPattern?: string },
  projectConfig: { globals?: Record<string, unknown> } = {},
): void {
  // The functions deploy these bundles (scripts/bundle-lambdas.ts): made once, before any test synthesizes.
  bundleLambdas();
  const dir = mkdtempSync(join(tmpdir(), 'bluegreen-synth-'));
  process.env[SYNTH_CACHE_ENV] = dir;
  // Every temporary directory of the run (an App's cdk.out without an outdir, a test's own) is made inside the run's
  // cache, which global teardown removes: none is left in the machine's temp directory, whichever test forgot one.
  const temporary = join(dir, 'tmp');
  mkdirSync(temporary);
  process.env.TMPDIR = temporary;
  // The policy checks' run (jest.checks.config.js) reads no shared templates, and its real `cdk synth` runs
  // CDK's built-in CloudFormation validation as `npm start` does.
  if (projectConfig.globals?.presynthesize === false) return;
  // Every other synthesis of the suite skips that validation (a WASM module, a tenth of the suite's CPU) even
  // where it does not build its App with testApp() (createPipelineApp behind the CLI's commands): the policy
  // checks and CI's checks of every example and fixture run it on the same constructs.
  process.env.CDK_VALIDATION = 'false';
  // Nor does it record a stack trace with each construct's metadata, as testApp() does not: no test reads them, an
  // error still carries its own trace, and under jest's source maps they are a tenth of building an app.
  process.env.CDK_DISABLE_STACK_TRACE = '1';
  if (globalConfig.testPathPattern) return;

  // The workers start beside it: the first synthesis a worker asks for waits until it has taken the locks of its
  // configurations (run-cache.ts). Global teardown says so when it never did.
  const log = openSync(join(dir, PRESYNTHESIS_LOG_FILE), 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'presynthesize.ts')], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, [SYNTH_CACHE_ENV]: dir },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  // A process that could not start never reserves: the workers go on without it and teardown says why.
  child.on('error', (error) => writeFileSync(join(dir, PRESYNTHESIS_LOG_FILE), String(error)));
  child.unref();
  writeFileSync(join(dir, PRESYNTHESIS_PID_FILE), String(child.pid ?? ''));
}
