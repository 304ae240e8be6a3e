import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { CliContext } from '../context';

const HELP = `usage: bluegreen cdk <cdk arguments>

Runs the aws-cdk CLI that this version of the tool is tested with (synth, diff, deploy, …), so an application
needs no CLI of its own: 'bluegreen cdk synth --quiet', 'bluegreen cdk deploy <app>-pipeline'.
`;

/** The pinned aws-cdk CLI, resolved from the tool's own dependencies rather than the application's. */
export function cdkCliPath(): string {
  return join(dirname(require.resolve('aws-cdk/package.json')), 'bin', 'cdk');
}

export async function cdk(args: string[], context: CliContext): Promise<number> {
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h') {
    context.stdout(HELP);
    return args.length === 0 ? 2 : 0;
  }
  const run = spawnSync(process.execPath, [cdkCliPath(), ...args], {
    cwd: context.cwd,
    env: context.env,
    stdio: 'inherit',
  });
  if (run.error) {
    context.stderr(`bluegreen cdk: could not start the aws-cdk CLI: ${run.error.message}\n`);
    return 1;
  }
  return run.status ?? 1;
}
