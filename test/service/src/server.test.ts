import { request, Agent } from 'node:http';
import { connect } from 'node:net';
import { startServer, type RunningServer } from '../../../service/src/server';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function get(url: string, options: { method?: string; agent?: Agent } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', agent: options.agent, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

describe('sample service on loopback', () => {
  let running: RunningServer;
  beforeEach(async () => {
    running = await startServer({ port: 0, host: '127.0.0.1', env: { SERVICE_NAME: 'shop', APP_VERSION: '3f2c1e9' } });
  });
  afterEach(() => running.shutdown());

  test('listens on the port it was given (0: a free one) and reports its URL', () => {
    expect(running.port).toBeGreaterThan(0);
    expect(running.url).toBe(`http://127.0.0.1:${running.port}`);
  });

  test('GET /health is 200 {"status":"ok"} with a content length', async () => {
    const answer = await get(`${running.url}/health`);

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
    expect(answer.headers['content-length']).toBe(String(answer.body.length));
  });

  test('GET /version answers SERVICE_NAME and APP_VERSION of its environment', async () => {
    const answer = await get(`${running.url}/version`);

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ service: 'shop', version: '3f2c1e9' });
  });

  test('GET /version falls back to "sample" and "dev"', async () => {
    const bare = await startServer({ port: 0, host: '127.0.0.1', env: {} });
    try {
      expect(JSON.parse((await get(`${bare.url}/version`)).body)).toEqual({ service: 'sample', version: 'dev' });
    } finally {
      await bare.shutdown();
    }
  });

  test('GET / answers text, an unknown path 404, POST /health 405, HEAD no body', async () => {
    expect(await get(`${running.url}/`)).toMatchObject({
      status: 200,
      body: 'shop 3f2c1e9: see /health and /version\n',
    });
    expect(await get(`${running.url}/admin`)).toMatchObject({ status: 404, body: '{"error":"not found"}' });
    expect(await get(`${running.url}/health`, { method: 'POST' })).toMatchObject({ status: 405 });
    expect(await get(`${running.url}/health`, { method: 'HEAD' })).toMatchObject({ status: 200, body: '' });
  });

  test('keeps idle connections open longer than the ALB (60 s), so the ALB never reuses a closed one', async () => {
    const answer = await get(`${running.url}/health`);

    expect(answer.headers['keep-alive']).toBe('timeout=65');
  });

  test('refuses a port that is taken, without hanging', async () => {
    await expect(startServer({ port: running.port, host: '127.0.0.1', env: {} })).rejects.toThrow(/EADDRINUSE/);
  });

  test('shutdown closes the server even while a client keeps an idle keep-alive connection', async () => {
    const agent = new Agent({ keepAlive: true });
    await get(`${running.url}/health`, { agent });

    await running.shutdown();

    expect(running.server.listening).toBe(false);
    await expect(get(`${running.url}/health`)).rejects.toThrow(/ECONNREFUSED/);
    agent.destroy();
  });

  test('shutdown waits out the grace period for a request still arriving, then ends it', async () => {
    const GRACE_MS = 200;
    const stuck = await startServer({ port: 0, host: '127.0.0.1', env: {}, shutdownGraceMs: GRACE_MS });
    const socket = connect(stuck.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /health HTTP/1.1\r\nHost: test\r\n');
    const started = performance.now();
    const closedAfter = new Promise<number>((resolve) =>
      socket.once('close', () => resolve(performance.now() - started)),
    );

    await stuck.shutdown();

    const elapsed = await closedAfter;
    // Not before the grace period (timers may fire a few ms early), and not long after it.
    expect(elapsed).toBeGreaterThanOrEqual(GRACE_MS - 10);
    expect(elapsed).toBeLessThan(GRACE_MS + 1_000);
    expect(stuck.server.listening).toBe(false);
  });

  test('shutdown twice is one shutdown', async () => {
    const first = running.shutdown();

    expect(running.shutdown()).toBe(first);
    await first;
  });
});
