import { transformSync } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../service/src/server';

// The sample service's integration suite (service/test-integration), run by `node --test` as the release gate
// runs it, against servers on loopback. Its types are stripped file by file (its tsconfig sets isolatedModules and
// CommonJS); `npm run lint` compiles it with the service's own tsconfig, as `npm run test:integration` does.

const ROOT = join(__dirname, '..', '..');
const SUITE_BOUND_MS = 30_000;

interface SuiteRun {
  readonly code: number | null;
  readonly output: string;
}

let compiled: string;
let suiteFiles: string[];

beforeAll(() => {
  compiled = mkdtempSync(join(tmpdir(), 'integration-suite-'));
  const source = join(ROOT, 'service', 'test-integration');
  const written = readdirSync(source)
    .filter((file) => file.endsWith('.ts'))
    .map((name) => {
      const { code } = transformSync(readFileSync(join(source, name), 'utf8'), {
        loader: 'ts',
        format: 'cjs',
        target: 'es2022',
      });
      const file = join(compiled, name.replace(/\.ts$/, '.js'));
      writeFileSync(file, code);
      return file;
    });
  suiteFiles = written.filter((file) => file.endsWith('.test.js'));
});
afterAll(() => rmSync(compiled, { recursive: true, force: true }));

/** `node --test` over the compiled suite with TARGET_URL set (or not), as the buildspec's command runs it; TAP output on every Node version. */
function runSuite(targetUrl: string | undefined): Promise<SuiteRun> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
    if (targetUrl !== undefined) env.TARGET_URL = targetUrl;
    const child = spawn(process.execPath, ['--test', '--test-reporter=tap', ...suiteFiles], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const bound = setTimeout(() => child.kill('SIGKILL'), SUITE_BOUND_MS);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(bound);
      resolve({ code, output });
    });
  });
}

async function serve(listener: RequestListener): Promise<{ url: string; server: Server }> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('the sample service integration suite', () => {
  test('finds at least one test file', () => {
    expect(suiteFiles.length).toBeGreaterThan(0);
  });

  test('passes against the sample service', async () => {
    const running: RunningServer = await startServer({
      port: 0,
      host: '127.0.0.1',
      env: { SERVICE_NAME: 'shop', APP_VERSION: '3f2c1e9' },
    });
    try {
      const run = await runSuite(running.url);

      expect(run.output).toMatch(/# pass 4\b/);
      expect(run.output).toMatch(/# fail 0\b/);
      expect(run.code).toBe(0);
    } finally {
      await running.shutdown();
    }
  });

  test('fails against a server answering 500 to everything', async () => {
    const { url, server } = await serve((_req, res) =>
      res.writeHead(500, { 'content-type': 'text/plain' }).end('boom'),
    );
    try {
      const run = await runSuite(url);

      expect(run.code).not.toBe(0);
      expect(run.output).toMatch(/# pass 0\b/);
      expect(run.output).toMatch(/# fail 4\b/);
    } finally {
      await close(server);
    }
  });

  test('fails the one test a subtly wrong server breaks: a catch-all that answers 200 for unknown paths', async () => {
    const running = await startServer({ port: 0, host: '127.0.0.1', env: {} });
    const { url, server } = await serve((req, res) => {
      if (req.url === '/health' || req.url === '/version') {
        void fetch(`${running.url}${req.url}`).then(async (answer) => {
          res.writeHead(answer.status, Object.fromEntries(answer.headers)).end(await answer.text());
        });
      } else {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<html>home</html>');
      }
    });
    try {
      const run = await runSuite(url);

      expect(run.code).not.toBe(0);
      expect(run.output).toMatch(/# fail 1\b/);
      expect(run.output).toMatch(/not ok \d+ - an unknown path answers 404/);
    } finally {
      await close(server);
      await running.shutdown();
    }
  });

  test('fails with a clear message without TARGET_URL', async () => {
    const run = await runSuite(undefined);

    expect(run.code).not.toBe(0);
    expect(run.output).toContain('TARGET_URL is required');
  });
});
