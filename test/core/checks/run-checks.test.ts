import { parseChecks, runChecks, type CheckDeps, type Probe, type ProbeResponse } from '../../../core/checks';

const BASE = new URL('http://green.test:8443');
const checks = (...items: Record<string, unknown>[]) => parseChecks(items, 'test');
const ok: ProbeResponse = { status: 200, body: '{"service":"sample"}' };

/** A fake clock and sleep: sleeping advances the clock at once and records how long. */
function fakeTime() {
  let clock = 0;
  const sleeps: number[] = [];
  const deps: Pick<CheckDeps, 'sleep' | 'now'> = {
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
  };
  return { deps, sleeps, advance: (ms: number) => (clock += ms) };
}

/** A probe answering from a script per path: each call takes the next entry (the last one repeats). */
function scriptedProbe(script: Record<string, (ProbeResponse | Error)[]>) {
  const calls: string[] = [];
  const probe: Probe = async ({ url, method }) => {
    calls.push(`${method} ${url.href}`);
    const answers = script[url.pathname];
    const answer = answers[Math.min(calls.filter((c) => c.endsWith(url.pathname)).length - 1, answers.length - 1)];
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { probe, calls };
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });

describe('runChecks', () => {
  test('passes when every check passes, in order of the checks', async () => {
    const { probe, calls } = scriptedProbe({ '/health': [ok], '/version': [ok] });
    const report = await runChecks(
      BASE,
      checks(
        { path: '/health', expectStatus: 200 },
        { path: '/version', jsonField: { path: 'service', equals: 'sample' } },
      ),
      { budgetMs: 1_000, deps: { probe, ...fakeTime().deps } },
    );
    expect(report).toEqual({
      passed: true,
      results: [
        { name: 'GET /health', passed: true, attempts: 1, maxAttempts: 3, status: 200, latencyMs: 0 },
        { name: 'GET /version', passed: true, attempts: 1, maxAttempts: 3, status: 200, latencyMs: 0 },
      ],
    });
    expect(calls.sort()).toEqual(['GET http://green.test:8443/health', 'GET http://green.test:8443/version']);
  });

  test('retries with doubling backoff and passes on a later attempt (cold start)', async () => {
    const time = fakeTime();
    const { probe, calls } = scriptedProbe({ '/health': [{ status: 503, body: '' }, refused, ok] });
    const report = await runChecks(BASE, checks({ path: '/health', attempts: 4, backoffMs: 250 }), {
      budgetMs: 1_000,
      deps: { probe, ...time.deps },
    });
    expect(report.passed).toBe(true);
    expect(report.results[0]).toMatchObject({ passed: true, attempts: 3, status: 200 });
    expect(calls).toHaveLength(3);
    expect(time.sleeps).toEqual([250, 500]);
  });

  test("fails with the last attempt's reason after all attempts", async () => {
    const time = fakeTime();
    const { probe } = scriptedProbe({ '/health': [{ status: 500, body: '' }, refused] });
    const report = await runChecks(BASE, checks({ path: '/health', attempts: 3, backoffMs: 10 }), {
      budgetMs: 1_000,
      deps: { probe, ...time.deps },
    });
    expect(report).toEqual({
      passed: false,
      results: [
        {
          name: 'GET /health',
          passed: false,
          attempts: 3,
          maxAttempts: 3,
          latencyMs: 0,
          reason: 'connection refused (ECONNREFUSED)',
        },
      ],
    });
    expect(time.sleeps).toEqual([10, 20]);
  });

  test('one failing check fails the run while the others pass', async () => {
    const { probe } = scriptedProbe({ '/health': [ok], '/version': [{ status: 200, body: '{"service":"other"}' }] });
    const report = await runChecks(
      BASE,
      checks({ path: '/health' }, { path: '/version', attempts: 1, jsonField: { path: 'service', equals: 'sample' } }),
      { budgetMs: 1_000, deps: { probe, ...fakeTime().deps } },
    );
    expect(report.passed).toBe(false);
    expect(report.results.map((r) => [r.name, r.passed, r.reason])).toEqual([
      ['GET /health', true, undefined],
      ['GET /version', false, 'JSON field service is "other", expected "sample"'],
    ]);
  });

  test('measures latency with the clock and fails an answer over the latency budget', async () => {
    const time = fakeTime();
    const probe: Probe = async () => {
      time.advance(250);
      return ok;
    };
    const report = await runChecks(BASE, checks({ path: '/health', attempts: 1, latencyBudgetMs: 200 }), {
      budgetMs: 1_000,
      deps: { probe, ...time.deps },
    });
    expect(report.results[0]).toMatchObject({
      passed: false,
      status: 200,
      latencyMs: 250,
      reason: 'took 250 ms, over the latency budget of 200 ms',
    });
  });

  test('runs the checks concurrently: all are in flight before any answers', async () => {
    let inFlight = 0;
    let most = 0;
    const probe: Probe = async () => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      return ok;
    };
    const report = await runChecks(BASE, checks({ path: '/a' }, { path: '/b' }, { path: '/c' }, { path: '/d' }), {
      budgetMs: 5_000,
      deps: { probe },
    });
    expect(report.passed).toBe(true);
    expect(most).toBe(4);
  });

  test('stops waiting for a probe that ignores its signal once the attempt times out', async () => {
    const never: Probe = () => new Promise<ProbeResponse>(() => undefined);
    const report = await runChecks(BASE, checks({ path: '/hang', attempts: 2, timeoutMs: 100, backoffMs: 0 }), {
      budgetMs: 5_000,
      deps: { probe: never },
    });
    expect(report.results[0]).toMatchObject({ passed: false, attempts: 2, reason: 'no answer within 100 ms' });
  });

  test('the budget cuts the running attempt and leaves the remaining attempts unmade', async () => {
    let calls = 0;
    const never: Probe = () => {
      calls++;
      return new Promise<ProbeResponse>(() => undefined);
    };
    const report = await runChecks(BASE, checks({ path: '/hang', attempts: 10, timeoutMs: 10_000 }), {
      budgetMs: 100,
      deps: { probe: never },
    });
    expect(report.results[0]).toMatchObject({ passed: false, attempts: 1, reason: 'budget of 100 ms ran out' });
    expect(calls).toBe(1);
  });

  test('the budget ending during a backoff fails the check before its next attempt', async () => {
    const { probe, calls } = scriptedProbe({ '/health': [{ status: 502, body: '' }] });
    const report = await runChecks(BASE, checks({ path: '/health', attempts: 3, backoffMs: 30_000 }), {
      budgetMs: 100,
      deps: { probe },
    });
    expect(report.results[0]).toMatchObject({
      passed: false,
      attempts: 1,
      status: 502,
      reason: 'status 502, expected 2xx; budget of 100 ms ran out before attempt 2',
    });
    expect(calls).toHaveLength(1);
  });

  test('a budget of zero fails every check before its first attempt', async () => {
    const { probe, calls } = scriptedProbe({ '/health': [ok] });
    const report = await runChecks(BASE, checks({ path: '/health' }), { budgetMs: 0, deps: { probe } });
    expect(report.results[0]).toEqual({
      name: 'GET /health',
      passed: false,
      attempts: 0,
      maxAttempts: 3,
      reason: 'budget of 0 ms ran out before attempt 1',
    });
    expect(calls).toEqual([]);
  });

  test('a probe that throws synchronously fails its check', async () => {
    const probe: Probe = () => {
      throw new TypeError('boom');
    };
    const report = await runChecks(BASE, checks({ path: '/health', attempts: 1 }), {
      budgetMs: 1_000,
      deps: { probe },
    });
    expect(report.results[0]).toMatchObject({ passed: false, reason: 'request failed: boom' });
  });

  test('an exception in the engine fails the check instead of passing or rejecting', async () => {
    const report = await runChecks(BASE, checks({ path: '/health' }), {
      budgetMs: 1_000,
      deps: {
        probe: async () => ok,
        now: () => {
          throw new Error('clock broke');
        },
      },
    });
    expect(report).toEqual({
      passed: false,
      results: [
        { name: 'GET /health', passed: false, attempts: 0, maxAttempts: 3, reason: 'check crashed: clock broke' },
      ],
    });
  });

  test('no checks is not a pass', async () => {
    expect(await runChecks(BASE, [], { budgetMs: 100 })).toEqual({ passed: false, results: [] });
  });
});
