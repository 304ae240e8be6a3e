import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PipelineConfig } from '../../model/config';
import { shippedConfig } from './configs';
import { PRESYNTHESIS_PID_FILE } from './run-cache';
import { SYNTH_CACHE_ENV } from './synth-cache-env';
import { requestSynthesis } from './synthesis-requests';

// The hand-off of syntheses to the presynthesis process (synthesis-requests.ts), in a cache directory of
// its own, with another node process playing that process: it "synthesizes" by echoing what it was asked.
const REPO_ROOT = join(__dirname, '..', '..');
const requests = `require(${JSON.stringify(join(__dirname, 'synthesis-requests.ts'))})`;

let dir: string;
let saved: NodeJS.ProcessEnv;
let server: ChildProcess | undefined;
beforeEach(() => {
  saved = { ...process.env };
  dir = mkdtempSync(join(tmpdir(), 'synthesis-requests-test-'));
  process.env[SYNTH_CACHE_ENV] = dir;
});
afterEach(() => {
  server?.kill('SIGKILL');
  server = undefined;
  process.env = saved;
  rmSync(dir, { recursive: true, force: true });
});

/** A process serving requests every 20 ms with `synthesize` (a function's source), as the presynthesis process. */
async function startServer(synthesize: string): Promise<void> {
  const script = `const r = ${requests}; const s = ${synthesize}; setInterval(() => r.serveRequests(s), 20); process.stdout.write('up');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, [SYNTH_CACHE_ENV]: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  server = child;
  await new Promise((resolve) => child.stdout?.once('data', resolve));
  writeFileSync(join(dir, PRESYNTHESIS_PID_FILE), String(child.pid));
}

const config: PipelineConfig = shippedConfig();

test('hands the configuration to the presynthesis process and returns what it made of it', async () => {
  await startServer('(config, imageTag) => ({ application: config.application, imageTag, pid: process.pid })');
  expect(requestSynthesis('k', config, 'commit-7')).toEqual({
    application: config.application,
    imageTag: 'commit-7',
    pid: server?.pid,
  });
});

test('hands over the module that extends the app beside the configuration', async () => {
  await startServer('(config, imageTag, extension) => ({ imageTag, extension })');
  expect(requestSynthesis('k', config, 'commit-1', '/app/extend-environment.ts')).toEqual({
    imageTag: 'commit-1',
    extension: '/app/extend-environment.ts',
  });
});

test('leaves the synthesis to the worker when there is no presynthesis process', () => {
  expect(requestSynthesis('k', config, 'commit-1')).toBeUndefined();
});

test('leaves it to the worker when the presynthesis process fails it, so the worker throws its own error', async () => {
  await startServer('() => { throw new Error("cannot"); }');
  expect(requestSynthesis('k', config, 'commit-1')).toBeUndefined();
});

test('leaves it to the worker when the presynthesis process is gone', () => {
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  writeFileSync(join(dir, PRESYNTHESIS_PID_FILE), gone.stdout);
  expect(requestSynthesis('k', config, 'commit-1')).toBeUndefined();
});
