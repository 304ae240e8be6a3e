import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { SHIPPED_CONFIG } from './support/deployments';
import type { AwsJsonServer } from '../../support/aws-json-server';
import { event, logsEnv, startFakeAws } from './support/logs';

const REPO_ROOT = resolve(__dirname, '../../..');

let server: AwsJsonServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** The real binary in a child process, so Ctrl-C is a real SIGINT. */
function startLogs(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'bluegreen.js'), 'logs', ...args], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PIPELINE_CONFIG: SHIPPED_CONFIG,
      AWS_CONFIG_FILE: join(__dirname, 'no-such-dir', 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(__dirname, 'no-such-dir', 'credentials'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

async function until(condition: () => boolean, limitMs: number): Promise<void> {
  const end = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((done) => setTimeout(done, 20));
  }
}

describe('bluegreen logs --follow', () => {
  test('polls from the newest event seen, prints each event once, and exits 0 on Ctrl-C', async () => {
    const first = event('e1', '2026-12-06T10:00:01Z', 'first');
    const second = event('e2', '2026-12-06T10:00:05Z', 'second');
    // Each poll answers what a real group would hold by then: the events overlap between polls.
    server = await startFakeAws((_input, index) => ({ body: { events: index === 0 ? [first] : [first, second] } }));

    const run = startLogs(
      ['-e', 'staging', '--since', '2026-12-06T09:00:00Z', '--follow', '--poll-seconds', '0.05'],
      logsEnv(server),
    );
    try {
      await until(() => server!.callsOf('FilterLogEvents').length >= 4, 30_000);
      run.child.kill('SIGINT');
      const code = await run.exited;

      expect(code).toBe(0);
    } finally {
      run.child.kill('SIGKILL');
    }
    const { stdout, stderr } = run.output();
    expect(stdout).toBe(
      '2026-12-06T10:00:01.000Z app/app/0123456789abcdef first\n2026-12-06T10:00:05.000Z app/app/0123456789abcdef second\n',
    );
    expect(stderr).toContain('bluegreen logs: reading log group');
    const starts = server.callsOf('FilterLogEvents').map((c) => Number(c.startTime));
    // After the first poll, from 10 s before the newest event seen (late arrivals), never further back than --since.
    expect(starts[0]).toBe(Date.parse('2026-12-06T09:00:00Z'));
    expect(starts[1]).toBe(Date.parse('2026-12-06T10:00:01Z') - 10_000);
    // Polls that bring nothing new keep that start.
    expect(starts.slice(2)).toEqual(starts.slice(2).map(() => Date.parse('2026-12-06T10:00:05Z') - 10_000));
  });
});
