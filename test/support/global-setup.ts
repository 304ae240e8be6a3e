import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleLambdas } from '../../scripts/bundle-lambdas';
import { PRESYNTHESIS_PID_ENV, SYNTH_CACHE_ENV } from './synth-cache-env';

/** How long the presynthesis process may take to reserve its configurations before the run goes on without it. */
const RESERVE_LIMIT_MS = 30_000;

/**
 * Makes this run's cache (see run-cache.ts; workers inherit the variable), bundles the Lambda handlers and, for a run of the whole suite (not the policy checks'), starts the presynthesis process (presynthesize.ts) once it has reserved its configurations. A run of a
 * few files does without it: they synthesize what they read themselves.
 */
export default async function globalSetup(
  globalConfig: { testPathPattern?: string },
  projectConfig: { globals?: Record<string, unknown> } = {},
): Promise<void> {
  // The functions deploy these bundles (scripts/bundle-lambdas.ts): made once, before any test synthesizes.
  bundleLambdas();
  const dir = mkdtempSync(join(tmpdir(), 'bluegreen-synth-'));
  process.env[SYNTH_CACHE_ENV] = dir;
  // Not inherited: a jest run inside a test (the bench's) must not stop the outer run's process at its teardown.
  delete process.env[PRESYNTHESIS_PID_ENV];
  // The policy checks' run (jest.checks.config.js) reads no shared templates, and its real `cdk synth` runs
  // CDK's built-in CloudFormation validation as `npm start` does.
  if (projectConfig.globals?.presynthesize === false) return;
  // Every other synthesis of the suite skips that validation (a WASM module, a tenth of the suite's CPU) even
  // where it does not build its App with testApp() (createPipelineApp behind the CLI's commands): the policy
  // checks and CI's checks of every example and fixture run it on the same constructs.
  process.env.CDK_VALIDATION = 'false';
  if (globalConfig.testPathPattern) return;

  const logFile = join(dir, 'presynthesize.log');
  const log = openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'presynthesize.ts')], {
    cwd: join(__dirname, '..', '..'),
    env: { ...process.env, [SYNTH_CACHE_ENV]: dir },
    stdio: ['ignore', 'pipe', log],
  });
  closeSync(log);
  const { stdout } = child;
  if (!stdout) throw new Error('spawn gave the presynthesis process no stdout pipe');
  let timer: NodeJS.Timeout | undefined;
  const reserved = await new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), RESERVE_LIMIT_MS);
    stdout.once('data', () => resolve(true));
    child.once('exit', () => resolve(false));
    child.once('error', () => resolve(false));
  });
  clearTimeout(timer);
  stdout.destroy();
  if (!reserved) {
    // The run still passes without it, only slower: say why.
    child.kill('SIGKILL');
    process.stderr.write(
      `\npresynthesis did not start; each file synthesizes what it reads:\n${readFileSync(logFile, 'utf8')}\n`,
    );
    return;
  }
  child.unref();
  process.env[PRESYNTHESIS_PID_ENV] = String(child.pid);
}
