import { MAX_BODY_BYTES, httpProbe, parseChecks, runChecks } from '../../../core/checks';
import {
  TargetServer,
  failFirst,
  hang,
  hangMidBody,
  json,
  refusedUrl,
  reset,
  slow,
  status,
} from './support/target-server';

// The real probe against real loopback servers, through the engine, as the hook and the CLI use it.
describe('httpProbe', () => {
  let target: TargetServer;

  beforeAll(async () => {
    target = await TargetServer.start({
      '/health': status(200, 'ok'),
      '/version': json({ service: 'sample', version: 'abc123' }),
      '/boom': status(500, 'internal error'),
      '/hang': hang,
      '/hang-body': hangMidBody,
      '/reset': reset,
      '/slow': slow(150, status(200, 'late')),
      '/cold': failFirst(2, status(503, 'starting'), status(200, 'warm')),
      '/big': status(200, 'x'.repeat(MAX_BODY_BYTES + 10)),
      '/echo': (request, response) => {
        response.writeHead(200, { 'content-type': 'text/plain' });
        response.end(`${request.method} ${request.url}`);
      },
    });
  });

  afterAll(() => target.stop());

  const run = (check: Record<string, unknown>, budgetMs = 5_000) =>
    runChecks(new URL(target.url), parseChecks([check], 'test'), { budgetMs }).then((r) => r.results[0]);

  test('reads status and body', async () => {
    const response = await httpProbe(
      { url: new URL(`${target.url}/version`), method: 'GET' },
      new AbortController().signal,
    );
    expect(response).toEqual({ status: 200, body: '{"service":"sample","version":"abc123"}' });
  });

  test("sends the check's method and path with its query", async () => {
    const result = await run({ path: '/echo?full=1', method: 'POST', bodyContains: 'POST /echo?full=1' });
    expect(result).toMatchObject({ passed: true, status: 200 });
  });

  test('passes a healthy JSON endpoint', async () => {
    expect(
      await run({ path: '/version', expectStatus: 200, jsonField: { path: 'service', equals: 'sample' } }),
    ).toMatchObject({
      passed: true,
      attempts: 1,
      status: 200,
    });
  });

  test('fails an error status', async () => {
    expect(await run({ path: '/boom', attempts: 1 })).toMatchObject({
      passed: false,
      status: 500,
      reason: 'status 500, expected 2xx',
    });
  });

  test('fails a target that never answers, after the attempt timeout', async () => {
    expect(await run({ path: '/hang', attempts: 1, timeoutMs: 150 })).toMatchObject({
      passed: false,
      reason: 'no answer within 150 ms',
    });
  });

  test('fails a target that stops in the middle of the body', async () => {
    expect(await run({ path: '/hang-body', attempts: 1, timeoutMs: 150 })).toMatchObject({
      passed: false,
      reason: 'no answer within 150 ms',
    });
  });

  test('fails a connection reset', async () => {
    expect(await run({ path: '/reset', attempts: 1 })).toMatchObject({
      passed: false,
      reason: 'connection reset (ECONNRESET)',
    });
  });

  test('fails a refused connection', async () => {
    const url = await refusedUrl();
    const report = await runChecks(new URL(url), parseChecks([{ path: '/health', attempts: 1 }], 'test'), {
      budgetMs: 5_000,
    });
    expect(report.results[0]).toMatchObject({ passed: false, reason: 'connection refused (ECONNREFUSED)' });
  });

  test('fails an answer slower than the latency budget, with its latency', async () => {
    const result = await run({ path: '/slow', attempts: 1, latencyBudgetMs: 50 });
    expect(result).toMatchObject({ passed: false, status: 200 });
    expect(result.reason).toMatch(/^took \d+ ms, over the latency budget of 50 ms$/);
    expect(result.latencyMs).toBeGreaterThanOrEqual(140);
  });

  test('rides out a cold start with attempts', async () => {
    expect(await run({ path: '/cold', attempts: 3, backoffMs: 10 })).toMatchObject({
      passed: true,
      attempts: 3,
      status: 200,
    });
    expect(target.requests('/cold')).toBe(3);
  });

  test('reads at most MAX_BODY_BYTES of a large body', async () => {
    const response = await httpProbe(
      { url: new URL(`${target.url}/big`), method: 'GET' },
      new AbortController().signal,
    );
    expect(response.body).toHaveLength(MAX_BODY_BYTES);
  });

  test('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const pending = httpProbe({ url: new URL(`${target.url}/hang`), method: 'GET' }, controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
