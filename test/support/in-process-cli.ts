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
    async run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
      let stdout = '';
      let stderr = '';
      const context = contextFor(
        work,
        { ...process.env, ...env },
        Readable.from([]),
        (t) => (stdout += t),
        (t) => (stderr += t),
      );
      const code = await main(args, context);
      return { code, stdout, stderr };
    },
  };
}
