/**
 * Work done once per jest run, whichever worker asks first: `oncePerRun(key, make)` runs `make` at most
 * once in the run and hands its JSON result to every caller, in any worker. The result lives in the run's
 * cache directory (made by test/support/global-setup.ts, named by `SYNTH_CACHE_ENV`; global teardown
 * removes it), so product changes are always seen. A lock file makes a second worker asking for the same
 * key wait for the one doing it (or for the presynthesis process that reserved it: presynthesize.ts) instead
 * of doing the work again; a holder that died is noticed. Outside a jest run (no cache directory) `make`
 * simply runs.
 *
 * Global setup starts the presynthesis process and lets the workers start beside it; until that process has
 * taken its locks (it writes `RESERVED_FILE` then), a caller could take a lock it is about to take and do its work
 * twice, so a caller of a key it may reserve (`awaitPresynthesis`) waits for it, or for its death, for at most
 * `RESERVE_LIMIT_MS` from its start (the pid file's time) in the whole run.
 */
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { SYNTH_CACHE_ENV } from './synth-cache-env';

/** A worker gives up waiting for another one's work after this long. */
const WAIT_LIMIT_MS = 180_000;
const POLL_MS = 50;
/** How long after its start the run waits for the presynthesis process to take its locks, then goes on without it. */
const RESERVE_LIMIT_MS = 30_000;

/** In the run's cache directory: the pid of the presynthesis process (global-setup.ts), and what it printed. */
export const PRESYNTHESIS_PID_FILE = 'presynthesis.pid';
export const PRESYNTHESIS_LOG_FILE = 'presynthesize.log';
/** In the run's cache directory: written by the presynthesis process once it holds the locks of what it makes. */
export const RESERVED_FILE = 'reserved';

/** The run's cache directory, if this is a jest run with one. */
export function runCacheDir(): string | undefined {
  const dir = process.env[SYNTH_CACHE_ENV];
  return dir && existsSync(dir) ? dir : undefined;
}

export interface OncePerRunOptions {
  /** The key is one the presynthesis process may reserve (a synthesis). @default false */
  readonly awaitPresynthesis?: boolean;
}

/** `make()`'s result, made at most once per jest run for `key`. */
export function oncePerRun<T>(key: string, make: () => T, options: OncePerRunOptions = {}): T {
  const dir = runCacheDir();
  if (!dir) return make();
  if (options.awaitPresynthesis) awaitReservations(dir);
  const { file, lock, failed } = pathsOf(dir, key);
  const giveUpAt = Date.now() + WAIT_LIMIT_MS;
  for (;;) {
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as T;
    // Work that fails fails every file that asks for it, but only one does it.
    if (existsSync(failed)) throw new Error(`failed in another process of this run:\n${readFileSync(failed, 'utf8')}`);
    if (takeLock(lock)) return makeHoldingLock(dir, key, make);
    if (lockHolderDied(lock)) rmSync(lock, { force: true });
    if (Date.now() > giveUpAt) throw new Error(`gave up waiting for another worker to make ${file}`);
    sleep(POLL_MS);
  }
}

/** Returns once the run's presynthesis process, if it has one, took its locks, died or took too long. */
function awaitReservations(dir: string): void {
  const pid = presynthesisPid(dir);
  if (pid === undefined) return;
  const giveUpAt = statSync(join(dir, PRESYNTHESIS_PID_FILE)).mtimeMs + RESERVE_LIMIT_MS;
  while (!existsSync(join(dir, RESERVED_FILE)) && isAlive(pid) && Date.now() < giveUpAt) sleep(POLL_MS);
}

/**
 * Takes the locks of `keys` for this process, so callers of `oncePerRun` wait for this process to
 * `fulfil` them instead of doing the work themselves (unless this process dies first). Returns the keys
 * it took: none is taken that is already done or held.
 */
export function reserve(keys: readonly string[]): string[] {
  const dir = runCacheDir();
  if (!dir) return [];
  return keys.filter((key) => {
    const { file, lock } = pathsOf(dir, key);
    return !existsSync(file) && takeLock(lock);
  });
}

/** Does the work of a key `reserve` took, leaves its result (or its failure) for every caller and lets go of it. */
export function fulfil<T>(key: string, make: () => T): void {
  const dir = runCacheDir();
  if (!dir) throw new Error(`no run cache to fulfil ${key} in`);
  try {
    makeHoldingLock(dir, key, make);
  } catch {
    // Left for the callers, who read it from the .failed file.
  }
}

function pathsOf(dir: string, key: string): { file: string; lock: string; failed: string } {
  const file = join(dir, `${key}.json`);
  return { file, lock: join(dir, `${key}.lock`), failed: `${file}.failed` };
}

function makeHoldingLock<T>(dir: string, key: string, make: () => T): T {
  const { file, lock, failed } = pathsOf(dir, key);
  try {
    const result = make();
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(result));
    renameSync(partial, file);
    return result;
  } catch (error) {
    writeFileSync(failed, error instanceof Error ? (error.stack ?? error.message) : String(error));
    throw error;
  } finally {
    rmSync(lock, { force: true });
  }
}

function takeLock(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** True when the process that wrote the lock is gone (it crashed before it could remove it). */
function lockHolderDied(lock: string): boolean {
  const pid = pidIn(lock);
  return pid !== undefined && !isAlive(pid);
}

/** The pid of the presynthesis process of the run whose cache is `dir`; undefined when it has none. */
export function presynthesisPid(dir: string): number | undefined {
  return pidIn(join(dir, PRESYNTHESIS_PID_FILE));
}

/** The pid a file holds; undefined when it cannot be read or holds none. */
function pidIn(file: string): number | undefined {
  let pid: number;
  try {
    pid = Number(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** Whether process `pid` still runs. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Blocks this thread for `ms` (the callers are synchronous: a test file's top level). */
export function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
