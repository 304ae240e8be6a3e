import type { Readable } from 'node:stream';
import type { PipelineConfig } from '../model/config';
import { resolveConfigPath } from '../model/config/config-path';

/** Everything a command may touch of the outside world, so tests can run commands in-process. */
export interface CliContext {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: Readable;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** True when stdout is a terminal: only then may a command color its output. */
  readonly stdoutIsTTY: boolean;
  /** True when stderr is a terminal: only then may a command redraw a progress line there. */
  readonly stderrIsTTY: boolean;
  /** Loads the configuration from `--config`, `PIPELINE_CONFIG` or `pipeline.config.yaml`. */
  readonly config: (file?: string) => PipelineConfig;
  /** The path `config` reads for the same `file`. */
  readonly configPath: (file?: string) => string;
}

export function nodeContext(): CliContext {
  return {
    ...contextFor(
      process.cwd(),
      process.env,
      process.stdin,
      (t) => process.stdout.write(t),
      (t) => process.stderr.write(t),
    ),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

export function contextFor(
  cwd: string,
  env: NodeJS.ProcessEnv,
  stdin: Readable,
  stdout: (text: string) => void,
  stderr: (text: string) => void,
): CliContext {
  return {
    cwd,
    env,
    stdin,
    stdout,
    stderr,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    config: (file) => loadConfig(file ?? env.PIPELINE_CONFIG, cwd),
    configPath: (file) => resolveConfigPath(file ?? env.PIPELINE_CONFIG, cwd),
  };
}

/** A mistake in how the command was called: printed with the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * The model's loadConfig, required when a command first reads the configuration: the model builds its whole schema
 * when it loads, and the commands that take everything from flags (run-task, handoff, preflight) do without it.
 */
function loadConfig(file: string | undefined, cwd: string): PipelineConfig {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on first use, as said above
  const model = require('../model/config/load') as typeof import('../model/config/load');
  return model.loadConfig(file, cwd);
}
