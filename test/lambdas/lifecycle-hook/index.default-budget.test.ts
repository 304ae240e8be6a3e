import type { Probe } from '../../../core/checks';
import type { HookExecution, HookStatus } from '../../../lambdas/lifecycle-hook/hook-event';
import { runHook } from '../../../lambdas/lifecycle-hook/run-hook';
import { TargetServer, json } from '../../core/checks/support/target-server';
import { bundleHook, type HookBundle } from '../support/bundle-hook';
import { PUT_STATUS, invokeHook, type Handler } from '../support/invoke-hook';

// The shipped defaults: no HOOK_BUDGET_MS, checks of 3 attempts of 5 s with a 1 s backoff. A hanging
// target would take 18 s without a budget; the 15 s default cuts the third attempt so the hook
// reports Failed within 20 s. The bundled handler shows which budget it uses; the budget itself is
// proven under fake timers; bench/hook.ts times the real 15 s against a hanging target.

describe('the bundled handler without HOOK_BUDGET_MS', () => {
  let bundle: HookBundle;
  let target: TargetServer;

  beforeAll(async () => {
    bundle = await bundleHook();
    target = await TargetServer.start({ '/health': json({ status: 'ok' }) });
  });

  afterAll(async () => {
    await target.stop();
    bundle.dispose();
  });

  test('checks a healthy target within the default budget and reports Succeeded once', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is plain CommonJS built at test time
    const { handler } = require(bundle.file) as { handler: Handler };
    const event = { DeploymentId: 'd-DEFAULT01', LifecycleEventHookExecutionId: 'exec-default' };

    const run = await invokeHook(handler, event, {
      TARGET_URL: target.url,
      CHECKS: JSON.stringify([{ path: '/health' }]),
      HOOK_BUDGET_MS: undefined,
    });

    expect(run.calls).toEqual([
      {
        operation: PUT_STATUS,
        input: { deploymentId: 'd-DEFAULT01', lifecycleEventHookExecutionId: 'exec-default', status: 'Succeeded' },
      },
    ]);
    expect(run.logs).toContainEqual(
      expect.objectContaining({ message: 'lifecycle hook checking target', budgetMs: 15_000 }),
    );
  });
});

describe('the hook with default settings against a target that never answers (fake timers)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('reports Failed once, exactly when the 15 s budget runs out during the third attempt', async () => {
    const probes: number[] = [];
    const hanging: Probe = () => {
      probes.push(Date.now());
      return new Promise(() => {});
    };
    const reports: HookStatus[] = [];
    const logs: Record<string, unknown>[] = [];
    const started = Date.now();

    const verdict = runHook(
      { DeploymentId: 'd-HANGING01', LifecycleEventHookExecutionId: 'exec-hanging' },
      {
        env: { TARGET_URL: 'http://green.test:8443', CHECKS: '[{"path":"/health"}]' },
        log: { info: (_message, attributes) => logs.push(attributes), error: () => {} },
        report: async (_execution: HookExecution, status: HookStatus) => {
          reports.push(status);
          return 'reported' as const;
        },
        checkDeps: { probe: hanging },
      },
    );

    await jest.advanceTimersByTimeAsync(14_999);
    expect(reports).toEqual([]);
    // Attempts at 0 s, after the 5 s timeout and 1 s backoff, and after the next timeout and 2 s backoff.
    expect(probes.map((at) => at - started)).toEqual([0, 6_000, 13_000]);

    await jest.advanceTimersByTimeAsync(1);
    expect(reports).toEqual(['Failed']);
    await expect(verdict).resolves.toBe('Failed');
    expect(logs).toContainEqual(expect.objectContaining({ budgetMs: 15_000 }));
    expect(logs).toContainEqual(
      expect.objectContaining({
        check: 'GET /health',
        passed: false,
        attempts: 3,
        reason: 'budget of 15000 ms ran out',
      }),
    );
  });
});
