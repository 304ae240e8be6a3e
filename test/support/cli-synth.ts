import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CDK_CLI_ENV, cdkSynthCommand } from './cdk-synth-command';
import { REPO_ROOT } from './configs';
import { oncePerRun, runCacheDir } from './run-cache';

/** Far above a synth on a loaded 2-core machine (~60-100 s inside the suite); a hung CLI fails instead of stalling the run. */
export const CLI_TIMEOUT_MS = 240_000;

/** What the CLI left: its cloud assembly, exit status and output. */
export interface CliSynthesis {
  /** The cloud assembly directory. */
  readonly outdir: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Why the CLI could not run or was stopped (the timeout, say), if it was. */
  readonly error?: string;
}

/**
 * The real `cdk synth` of `npm start` (`cdkSynthCommand`: the pinned aws-cdk CLI, cdk.json's app and
 * feature flags, asset bundling with the local esbuild, the cdk-nag and cfn-guard plugins), offline and
 * without credentials, with PIPELINE_CONFIG naming a file holding `configYaml`. Run at most once per
 * jest run for the same text (./run-cache.ts): the CLI test and the policy test read the same assembly.
 */
export function cliSynthesized(configYaml: string): CliSynthesis {
  const key = `cli-synth-${createHash('sha256').update(configYaml).digest('hex').slice(0, 24)}`;
  return oncePerRun(key, () => {
    const dir = join(runCacheDir() ?? mkdtempSync(join(tmpdir(), 'cli-synth-')), key);
    mkdirSync(dir, { recursive: true });
    const configFile = join(dir, 'pipeline.config.yaml');
    writeFileSync(configFile, configYaml);
    const outdir = join(dir, 'cdk.out');
    const { command, args } = cdkSynthCommand(outdir);
    const result = spawnSync(command, args, {
      cwd: REPO_ROOT,
      env: { ...process.env, ...CDK_CLI_ENV, PIPELINE_CONFIG: configFile },
      encoding: 'utf8',
      timeout: CLI_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    return {
      outdir,
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      ...(result.error ? { error: result.error.message } : {}),
    };
  });
}
