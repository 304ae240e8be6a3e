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
} from '../../core/checks/support/target-server';
import { bundleHook, type HookBundle } from '../support/bundle-hook';
import { PUT_STATUS, accept, invokeHook, type Handler } from '../support/invoke-hook';

// The handler as Lambda runs it: bundled by esbuild with the SDK left out, driven against real
// loopback servers and a local CodeDeploy endpoint reached by the real SDK client.

const EVENT = { DeploymentId: 'd-ABCDEF123', LifecycleEventHookExecutionId: 'eyJlbmNyeXB0ZWREYXRhIjoiZXhlYy0xIn0=' };
const report = (status: string) => ({
  operation: PUT_STATUS,
  input: {
    deploymentId: EVENT.DeploymentId,
    lifecycleEventHookExecutionId: EVENT.LifecycleEventHookExecutionId,
    status,
  },
});
const HEALTHY = [
  { path: '/health', expectStatus: 200, latencyBudgetMs: 1_000 },
  { path: '/version', jsonField: { path: 'service', equals: 'sample' } },
];

let bundle: HookBundle;
let handler: Handler;
let target: TargetServer;

beforeAll(async () => {
  bundle = await bundleHook();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is plain CommonJS built at test time
  handler = (require(bundle.file) as { handler: Handler }).handler;
  target = await TargetServer.start({
    '/health': status(200, 'ok'),
    '/version': json({ service: 'sample', version: 'abc123' }),
    '/boom': status(500, 'internal error'),
    '/hang': hang,
    '/hang-body': hangMidBody,
    '/reset': reset,
    '/text': status(200, 'hello world'),
    '/wrong-service': json({ service: 'other', version: 'abc123' }),
    '/not-json': status(200, '<html>ok</html>', 'text/html'),
    '/slow': slow(200, status(200, 'late')),
    '/cold': failFirst(2, status(503, 'starting'), json({ service: 'sample' })),
    '/budget-hang': hang,
  });
});

afterAll(async () => {
  await target.stop();
  bundle.dispose();
});

/** Runs the bundled handler with these checks against the target; small timeouts keep the suite quick. */
function hookWith(checks: unknown[], env: Record<string, string | undefined> = {}, codeDeploy = accept) {
  return invokeHook(
    handler,
    EVENT,
    { TARGET_URL: target.url, CHECKS: JSON.stringify(checks), HOOK_BUDGET_MS: '3000', ...env },
    codeDeploy,
  );
}

const once = (check: Record<string, unknown>) => [{ attempts: 1, timeoutMs: 200, ...check }];

describe('lifecycle hook (bundled)', () => {
  test('bundle keeps the SDK and zod out', () => {
    expect(bundle.inputs.filter((input) => /node_modules\/(zod|@aws-sdk)\//.test(input))).toEqual([]);
    expect(bundle.inputs).toContain('core/checks/run-checks.ts');
  });

  test('reports Succeeded exactly once when every check passes', async () => {
    const run = await hookWith(HEALTHY);

    expect(run.rejected).toBeUndefined();
    expect(run.resolved).toBe('Succeeded');
    expect(run.calls).toEqual([report('Succeeded')]);
  });

  test('logs the deployment, each check with its result and latency, and the verdict as JSON', async () => {
    const run = await hookWith([...HEALTHY, ...once({ path: '/boom' })]);

    const checkLines = run.logs.filter((line) => line.check !== undefined);
    expect(checkLines).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'check passed',
        deploymentId: EVENT.DeploymentId,
        check: 'GET /health',
        passed: true,
        status: 200,
        latencyMs: expect.any(Number),
      }),
      expect.objectContaining({
        message: 'check passed',
        deploymentId: EVENT.DeploymentId,
        check: 'GET /version',
        passed: true,
        status: 200,
        latencyMs: expect.any(Number),
      }),
      expect.objectContaining({
        message: 'check failed',
        deploymentId: EVENT.DeploymentId,
        check: 'GET /boom',
        passed: false,
        status: 500,
        latencyMs: expect.any(Number),
        reason: 'status 500, expected 2xx',
      }),
    ]);
    expect(run.logs).toContainEqual(
      expect.objectContaining({
        message: 'lifecycle hook verdict reported',
        deploymentId: EVENT.DeploymentId,
        status: 'Failed',
        service: 'lifecycle-hook',
      }),
    );
  });

  test.each<[string, unknown[]]>([
    ['an error status', once({ path: '/boom' })],
    ['a target that never answers', once({ path: '/hang' })],
    ['a target that hangs in the middle of the body', once({ path: '/hang-body' })],
    ['a connection reset', once({ path: '/reset' })],
    ['a body without the expected text', once({ path: '/text', bodyContains: 'ready' })],
    [
      'a JSON field with the wrong value',
      once({ path: '/wrong-service', jsonField: { path: 'service', equals: 'sample' } }),
    ],
    ['a body that is not JSON', once({ path: '/not-json', jsonField: { path: 'service', equals: 'sample' } })],
    ['an answer over its latency budget', once({ path: '/slow', latencyBudgetMs: 50, timeoutMs: 2_000 })],
    ['one failing check among passing ones', [...HEALTHY, ...once({ path: '/boom' })]],
  ])('reports Failed exactly once for %s', async (_case, checks) => {
    const run = await hookWith(checks);

    expect(run.resolved).toBe('Failed');
    expect(run.calls).toEqual([report('Failed')]);
  });

  test('reports Failed exactly once when the connection is refused', async () => {
    const run = await hookWith(once({ path: '/health' }), { TARGET_URL: await refusedUrl() });

    expect(run.calls).toEqual([report('Failed')]);
    expect(run.logs).toContainEqual(
      expect.objectContaining({ check: 'GET /health', reason: 'connection refused (ECONNREFUSED)' }),
    );
  });

  test('rides out a cold start with attempts and reports Succeeded', async () => {
    const run = await hookWith([
      { path: '/cold', attempts: 3, backoffMs: 20, jsonField: { path: 'service', equals: 'sample' } },
    ]);

    expect(run.calls).toEqual([report('Succeeded')]);
    expect(target.requests('/cold')).toBe(3);
    expect(run.logs).toContainEqual(expect.objectContaining({ check: 'GET /cold', passed: true, attempts: 3 }));
  });

  test('the hook budget cuts off retries and reports Failed', async () => {
    const run = await hookWith([{ path: '/budget-hang', timeoutMs: 10_000, attempts: 10 }], { HOOK_BUDGET_MS: '300' });

    expect(run.calls).toEqual([report('Failed')]);
    expect(target.requests('/budget-hang')).toBe(1);
    expect(run.logs).toContainEqual(
      expect.objectContaining({ check: 'GET /budget-hang', attempts: 1, reason: 'budget of 300 ms ran out' }),
    );
  });

  test.each<[string, Record<string, string | undefined>, string]>([
    ['CHECKS is missing', { CHECKS: undefined }, 'CHECKS is not valid: is required'],
    ['CHECKS is not JSON', { CHECKS: '[{path:/health}]' }, 'CHECKS is not valid: is not JSON'],
    ['CHECKS is empty', { CHECKS: '[]' }, 'CHECKS is not valid: needs at least one check'],
    [
      'a check has an unknown field',
      { CHECKS: '[{"path":"/health","expect":200}]' },
      "CHECKS is not valid: [0]: unknown field 'expect'",
    ],
    ['TARGET_URL is missing', { TARGET_URL: undefined }, 'TARGET_URL is required'],
    ['TARGET_URL is not http', { TARGET_URL: 'ftp://green.example.com' }, 'TARGET_URL must use http or https'],
    [
      'HOOK_BUDGET_MS is not a number',
      { HOOK_BUDGET_MS: '20s' },
      'HOOK_BUDGET_MS must be a whole number from 100 to 900000 (got "20s")',
    ],
  ])('reports Failed exactly once, without requests, when %s', async (_case, env, error) => {
    const before = target.totalRequests;
    const run = await hookWith(HEALTHY, env);

    expect(run.calls).toEqual([report('Failed')]);
    expect(target.totalRequests).toBe(before);
    expect(run.logs).toContainEqual(
      expect.objectContaining({
        level: 'ERROR',
        deploymentId: EVENT.DeploymentId,
        error: expect.stringContaining(error),
      }),
    );
  });

  test.each<[string, number, string]>([
    ['throttles', 400, 'ThrottlingException'],
    ['fails with a server error', 500, 'InternalFailure'],
  ])('retries a report CodeDeploy %s at first, and reports once', async (_case, code, errorType) => {
    const run = await hookWith(HEALTHY, {}, (input, index) =>
      index === 0 ? { status: code, errorType, message: 'try again' } : accept(input, index),
    );

    expect(run.resolved).toBe('Succeeded');
    // The refused attempt and the SDK's retry of the same call; CodeDeploy accepted exactly one.
    expect(run.calls).toEqual([report('Succeeded'), report('Succeeded')]);
  });

  test('a hook execution CodeDeploy already completed is done: one call, no throw, no second report', async () => {
    const run = await hookWith(HEALTHY, {}, () => ({
      status: 400,
      errorType: 'LifecycleEventAlreadyCompletedException',
      message: 'already completed',
    }));

    expect(run.rejected).toBeUndefined();
    expect(run.resolved).toBe('Succeeded');
    expect(run.calls).toEqual([report('Succeeded')]);
    expect(run.logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'lifecycle hook execution already had a verdict, nothing more to report',
      }),
    );
  });

  test('a report CodeDeploy refuses is not sent again, and the invocation fails', async () => {
    const run = await hookWith(HEALTHY, {}, () => ({
      status: 400,
      errorType: 'AccessDeniedException',
      message: 'not authorized to report',
    }));

    expect(run.rejected).toBe('not authorized to report');
    expect(run.calls).toEqual([report('Succeeded')]);
    expect(run.logs).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: 'reporting to CodeDeploy failed', status: 'Succeeded' }),
    );
  });

  test.each<[string, unknown]>([
    ['no event', undefined],
    ['an empty event', {}],
    ['no LifecycleEventHookExecutionId', { DeploymentId: EVENT.DeploymentId }],
    ['no DeploymentId', { LifecycleEventHookExecutionId: EVENT.LifecycleEventHookExecutionId }],
    ['an empty DeploymentId', { ...EVENT, DeploymentId: '' }],
    ['a numeric LifecycleEventHookExecutionId', { ...EVENT, LifecycleEventHookExecutionId: 42 }],
    ['a list', [EVENT]],
  ])('throws without calling CodeDeploy or the target for %s', async (_case, event) => {
    const before = target.totalRequests;
    const run = await invokeHook(handler, event, { TARGET_URL: target.url, CHECKS: JSON.stringify(HEALTHY) });

    expect(run.rejected).toMatch(/^lifecycle hook event (must be an object|is malformed)/);
    expect(run.calls).toEqual([]);
    expect(target.totalRequests).toBe(before);
    expect(run.logs).toContainEqual(
      expect.objectContaining({ level: 'ERROR', message: 'malformed lifecycle hook event, not reporting' }),
    );
  });
});
