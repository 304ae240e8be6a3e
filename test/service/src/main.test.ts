import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '..', '..', '..');
const MAIN = join(ROOT, 'service', 'src', 'main.ts');
const EXIT_BOUND_MS = 15_000;

interface Service {
  readonly child: ChildProcess;
  readonly logs: Record<string, unknown>[];
  /** Resolves with the first log line whose message is `message`. */
  readonly logged: (message: string) => Promise<Record<string, unknown>>;
}

// The entry point as the container runs it (`node dist/main.js`), here through tsx instead of the build stage.
function startService(env: Record<string, string>): Service {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const waiters: { message: string; resolve: (line: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    logs.push(line);
    for (const waiter of waiters.filter((w) => w.message === line.message)) waiter.resolve(line);
  });
  const logged = (message: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const seen = logs.find((l) => l.message === message);
      if (seen) return resolve(seen);
      waiters.push({ message, resolve });
      child.once('exit', (code) => reject(new Error(`service exited (${code}) before logging '${message}'`)));
    });
  return { child, logs, logged };
}

async function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const bound = setTimeout(() => child.kill('SIGKILL'), EXIT_BOUND_MS);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(bound);
  return { code, signal };
}

describe('service entry point', () => {
  test('serves on PORT and stops cleanly with exit code 0 on SIGTERM, as ECS stops a task', async () => {
    const service = startService({ PORT: '0', SERVICE_NAME: 'shop', APP_VERSION: '3f2c1e9' });
    const exited = exitOf(service.child);

    const listening = await service.logged('listening');
    const answer = await fetch(`${String(listening.url)}/version`);
    expect(await answer.json()).toEqual({ service: 'shop', version: '3f2c1e9' });
    service.child.kill('SIGTERM');

    expect(await exited).toEqual({ code: 0, signal: null });
    expect(service.logs.map((l) => l.message)).toEqual(['listening', 'shutting down', 'stopped']);
    expect(service.logs[1]).toMatchObject({ level: 'info', signal: 'SIGTERM' });
  });

  test('exits 1 with a clear log line on a bad PORT', async () => {
    const service = startService({ PORT: 'http' });

    expect(await exitOf(service.child)).toEqual({ code: 1, signal: null });
    expect(service.logs).toEqual([
      expect.objectContaining({
        level: 'error',
        message: 'cannot start',
        error: "PORT must be a whole number from 0 to 65535, got 'http'",
      }),
    ]);
  });
});
