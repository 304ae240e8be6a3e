import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/**
 * The command `npm start` synthesizes with: the pinned aws-cdk CLI, which reads cdk.json (the app and
 * its feature-flag context), bundles assets and runs the policy plugins. `app` replaces cdk.json's
 * app command and keeps its context. test/e2e/cdk-synth.check.ts runs exactly this, so the benchmark
 * cannot drift from what users run.
 */
export function cdkSynthCommand(outdir: string, app?: string): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: [
      join(ROOT, 'node_modules', 'aws-cdk', 'bin', 'cdk'),
      'synth',
      '--quiet',
      '-o',
      outdir,
      ...(app === undefined ? [] : ['--app', app]),
    ],
  };
}

/** Environment for the CLI: no version check, no interactive output. */
export const CDK_CLI_ENV: Readonly<Record<string, string>> = { CDK_DISABLE_VERSION_CHECK: '1', CI: 'true' };
