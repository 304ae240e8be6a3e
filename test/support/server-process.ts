import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/*
 * What the real database servers of the tests (postgres-server.ts, mariadb-server.ts) share: finding their binaries,
 * a folder and an account they may run in, a free loopback port, and a child process that is stopped and waited for.
 */

/** The first of `candidates` (a name looked up on PATH, or an absolute path) that exists; an error naming what is missing. */
export function serverBinary(what: string, candidates: readonly string[], install: string): string {
  for (const candidate of candidates) {
    if (candidate.startsWith('/')) {
      if (existsSync(candidate)) return candidate;
      continue;
    }
    for (const dir of (process.env.PATH ?? '').split(delimiter)) {
      const path = join(dir, candidate);
      if (dir !== '' && isExecutable(path)) return path;
    }
  }
  throw new Error(`${what} is missing (looked for ${candidates.join(', ')}): ${install}`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The account PostgreSQL runs as: this process's own, or `nobody` when this is root (CI's machine and ours), which
 * PostgreSQL refuses to run as.
 */
export function serverAccount(): { readonly uid: number; readonly gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const nobody = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((line) => line.split(':'))
    .find((fields) => fields[0] === 'nobody');
  if (!nobody) throw new Error('running as root, and /etc/passwd has no user nobody to run the database server as');
  return { uid: Number(nobody[2]), gid: Number(nobody[3]) };
}

/**
 * A new folder the server can reach. The test run's temporary folder (test/support/global-setup.ts) is private to
 * root, so a server running as another `account` gets one in the first of TMPDIR's ancestors that others may enter.
 */
export function serverFolder(prefix: string, account?: { readonly uid: number }): string {
  let base = tmpdir();
  if (account !== undefined) {
    while (!everyAncestorEnterable(base) && dirname(base) !== base) base = dirname(base);
  }
  return mkdtempSync(join(base, prefix));
}

function everyAncestorEnterable(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

/** A port of 127.0.0.1 that was free a moment ago (the server binds it itself; a clash fails its start). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Ends the server (by its id) and removes its folder once the test process is gone without stopping it (a worker
 * killed, Ctrl-C): a server outliving its tests would keep its port and folder. Its own process group, so that the
 * signal that ended the test process does not end it too.
 */
const WATCHDOG = `
  while kill -0 "$1" 2>/dev/null; do sleep 1; done
  kill -TERM "$2" 2>/dev/null; sleep 5; kill -KILL "$2" 2>/dev/null; rm -rf "$3"`;

/** A server process, its output kept for the error when it does not start. */
export class ServerProcess {
  private output = '';
  private exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private readonly watchdog: ChildProcess | undefined;
  private readonly folder: string;
  private readonly stopSignal: NodeJS.Signals;

  /** `folder` is the server's, which the watchdog and `discard` remove; `stopSignal` is what `discard` ends it with. */
  constructor(
    command: string,
    args: readonly string[],
    options: {
      uid?: number;
      gid?: number;
      cwd: string;
      env?: NodeJS.ProcessEnv;
      folder: string;
      stopSignal: NodeJS.Signals;
    },
  ) {
    const { folder, stopSignal, ...spawnOptions } = options;
    this.folder = folder;
    this.stopSignal = stopSignal;
    this.child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code) => resolve(code));
      this.child.on('error', (error) => {
        this.output += String(error);
        resolve(null);
      });
    });
    if (this.child.pid !== undefined) {
      this.watchdog = spawn(
        '/bin/sh',
        ['-c', WATCHDOG, 'watchdog', String(process.pid), String(this.child.pid), folder],
        {
          detached: true,
          stdio: 'ignore',
        },
      );
      this.watchdog.unref();
    }
  }

  get log(): string {
    return this.output;
  }

  /** Resolves once the output matches `ready`; rejects with the output when the process ends or `ms` pass first. */
  async waitFor(ready: RegExp, what: string, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    let ended = false;
    void this.exited.then(() => (ended = true));
    while (!ready.test(this.output)) {
      if (ended || Date.now() > deadline) {
        await this.stop();
        throw new Error(`${what} did not start${ended ? '' : ` within ${ms / 1000} s`}:\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Sends `signal` to the server (SIGHUP: read the configuration again). */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Sends `signal` (a fast, clean shutdown for both servers) and waits for the exit; SIGKILL after 10 s. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.watchdog?.kill('SIGKILL');
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill(signal);
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(killer);
  }

  /** Stops the server with its `stopSignal` and removes its folder: the tests keep nothing in it. */
  async discard(): Promise<void> {
    await this.stop(this.stopSignal);
    removeFolder(this.folder);
  }
}

/** Removes a server's folder, whoever's files are in it. */
export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
