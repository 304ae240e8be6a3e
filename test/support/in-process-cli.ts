import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { contextFor } from '../../cli/context';
import { main } from '../../cli/main';

/** What one in-process run of the CLI printed and returned. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where and how one in-process run of the CLI runs. */
export interface CliRunOptions {
  /** The working directory the command sees. */
  readonly cwd: string;
  /**
   * The environment the command's context sees (the SDK clients read process.env, whatever this says).
   * @default - none
   */
  readonly env?: NodeJS.ProcessEnv;
  /** @default - an empty stream */
  readonly stdin?: Readable;
  /** Whether stdout is a terminal (colours). @default - as this process's stdout */
  readonly stdoutIsTTY?: boolean;
  /** Whether stderr is a terminal (progress lines). @default - as this process's stderr */
  readonly stderrIsTTY?: boolean;
}

/**
 * `bluegreen ARGS` through main() in this process, its output captured: the one way the tests run a command.
 * Only a test whose point is the real process spawns bin/bluegreen.js (test/README.md says which and why).
 */
export async function runCli(args: string[], options: CliRunOptions): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const context = contextFor(
    options.cwd,
    options.env ?? {},
    options.stdin ?? Readable.from([]),
    (t) => (stdout += t),
    (t) => (stderr += t),
  );
  const code = await main(args, {
    ...context,
    stdoutIsTTY: options.stdoutIsTTY ?? context.stdoutIsTTY,
    stderrIsTTY: options.stderrIsTTY ?? context.stderrIsTTY,
  });
  return { code, stdout, stderr };
}

/**
 * A fresh working directory per test and an in-process `bluegreen` through main(). The SDK clients read
 * process.env, not the CLI context, so each test's environment (endpoints, credentials) goes there and is
 * restored after; the shared AWS config files are pointed at files that do not exist, so nothing of the
 * machine's own AWS setup leaks in. `prepare` runs after the working directory exists (e.g. to point an
 * endpoint at loopback port 1, which refuses).
 */
export function useInProcessCli(prefix: string, prepare: (work: string) => void = () => undefined) {
  let work = '';
  let savedEnv: NodeJS.ProcessEnv = {};

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), `${prefix}-`));
    savedEnv = { ...process.env };
    Object.assign(process.env, {
      AWS_CONFIG_FILE: join(work, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(work, 'no-aws-credentials'),
    });
    prepare(work);
  });
  afterEach(() => {
    process.env = savedEnv;
    rmSync(work, { recursive: true, force: true });
  });

  return {
    work: () => work,
    /** Runs `bluegreen <args>` in the working directory with process.env (plus `env`) as its environment. */
    run: (args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> =>
      runCli(args, { cwd: work, env: { ...process.env, ...env } }),
  };
}
