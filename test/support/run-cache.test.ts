import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fulfil, oncePerRun, PRESYNTHESIS_PID_FILE, reserve } from './run-cache';
import { SYNTH_CACHE_ENV } from './synth-cache-env';

// The run cache itself (run-cache.ts), in a cache directory of its own, with other processes playing the
// presynthesis process or another worker.
const REPO_ROOT = join(__dirname, '..', '..');
const runCache = `require(${JSON.stringify(join(__dirname, 'run-cache.ts'))})`;

let dir: string;
let runsCache: string | undefined;
beforeEach(() => {
  runsCache = process.env[SYNTH_CACHE_ENV];
  dir = mkdtempSync(join(tmpdir(), 'run-cache-test-'));
  process.env[SYNTH_CACHE_ENV] = dir;
});
afterEach(() => {
  process.env[SYNTH_CACHE_ENV] = runsCache;
  rmSync(dir, { recursive: true, force: true });
});

/** A node process that runs `script` with the run cache loaded as `cache`, in this test's cache directory. */
const nodeArgs = (script: string) => ['--import', 'tsx', '-e', `const cache = ${runCache}; ${script}`];
const env = () => ({ ...process.env, [SYNTH_CACHE_ENV]: dir });

test('does the work once: a second caller gets the first result without doing it again', () => {
  const make = jest.fn(() => ({ templates: 1 }));
  expect(oncePerRun('k', make)).toEqual({ templates: 1 });
  expect(oncePerRun('k', () => ({ templates: 2 }))).toEqual({ templates: 1 });
  expect(make).toHaveBeenCalledTimes(1);
});

test('waits for the process that reserved a key and takes its result', async () => {
  const holder = spawn(
    process.execPath,
    nodeArgs(
      "cache.reserve(['k']); process.stdout.write('reserved'); setTimeout(() => cache.fulfil('k', () => ({ from: 'holder' })), 300);",
    ),
    { cwd: REPO_ROOT, env: env(), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((resolve) => holder.stdout.once('data', resolve));
  const make = jest.fn(() => ({ from: 'this worker' }));

  expect(oncePerRun('k', make)).toEqual({ from: 'holder' });
  expect(make).not.toHaveBeenCalled();
  await new Promise((resolve) => holder.once('close', resolve));
});

test('does the work itself when the process that reserved the key died before doing it', () => {
  const died = spawnSync(process.execPath, nodeArgs("cache.reserve(['k']);"), { cwd: REPO_ROOT, env: env() });
  expect(died.status).toBe(0);

  expect(oncePerRun('k', () => ({ from: 'this worker' }))).toEqual({ from: 'this worker' });
});

test('waits for the presynthesis process named in the cache directory to take its locks, then takes its result', async () => {
  // It takes its locks only after half a second: without the wait, this worker would take the lock first.
  const presynthesis = spawn(
    process.execPath,
    nodeArgs(
      "setTimeout(() => { cache.reserve(['k']); require('fs').writeFileSync(require('path').join(cache.runCacheDir(), cache.RESERVED_FILE), ''); setTimeout(() => cache.fulfil('k', () => ({ from: 'presynthesis' })), 100); }, 500);",
    ),
    { cwd: REPO_ROOT, env: env(), stdio: 'inherit' },
  );
  writeFileSync(join(dir, PRESYNTHESIS_PID_FILE), String(presynthesis.pid));
  const make = jest.fn(() => ({ from: 'this worker' }));

  expect(oncePerRun('k', make, { awaitPresynthesis: true })).toEqual({ from: 'presynthesis' });
  expect(make).not.toHaveBeenCalled();
  await new Promise((resolve) => presynthesis.once('close', resolve));
});

/** Names `pid` as the run's presynthesis process, started an hour from now: only its locks or its death end a wait. */
const presynthesisIs = (pid: number | string) => {
  const file = join(dir, PRESYNTHESIS_PID_FILE);
  writeFileSync(file, String(pid));
  const later = new Date(Date.now() + 3_600_000);
  utimesSync(file, later, later);
};

test('does the work itself when the presynthesis process died before it took its locks', () => {
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  presynthesisIs(gone.stdout);

  expect(oncePerRun('k', () => ({ from: 'this worker' }), { awaitPresynthesis: true })).toEqual({
    from: 'this worker',
  });
});

test('a key the presynthesis process does not reserve is not held up by it', async () => {
  const starting = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  presynthesisIs(starting.pid!);
  try {
    expect(oncePerRun('k', () => ({ from: 'this worker' }))).toEqual({ from: 'this worker' });
  } finally {
    starting.kill('SIGKILL');
    await new Promise((resolve) => starting.once('close', resolve));
  }
});

test('passes a failure on to every caller instead of doing failing work again', () => {
  expect(reserve(['k'])).toEqual(['k']);
  fulfil('k', () => {
    throw new Error('the configuration does not synthesize');
  });
  const make = jest.fn(() => ({}));

  expect(() => oncePerRun('k', make)).toThrow(
    /failed in another process of this run:\nError: the configuration does not synthesize/,
  );
  expect(make).not.toHaveBeenCalled();
});

test('reserves only what is neither done nor held', () => {
  oncePerRun('done', () => ({}));
  expect(reserve(['done', 'free'])).toEqual(['free']);
  expect(reserve(['free'])).toEqual([]);
});
