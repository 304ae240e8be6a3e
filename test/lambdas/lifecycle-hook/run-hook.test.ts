import type { Probe } from '../../../core/checks';
import type { HookExecution, HookStatus } from '../../../lambdas/lifecycle-hook/hook-event';
import { runHook, type HookDeps } from '../../../lambdas/lifecycle-hook/run-hook';
import { REPORT_RESERVE_MS } from '../../../lambdas/lifecycle-hook/time-limits';

const EVENT = { DeploymentId: 'd-UNIT00001', LifecycleEventHookExecutionId: 'exec-unit' };
const ENV = { TARGET_URL: 'http://green.test:8443', CHECKS: '[{"path":"/health","attempts":1}]' };
const healthy: Probe = async () => ({ status: 200, body: 'ok' });

function fakes(overrides: Partial<HookDeps> = {}) {
  const reports: [HookExecution, HookStatus][] = [];
  const logs: { level: string; message: string; attributes: Record<string, unknown> }[] = [];
  const deps: HookDeps = {
    env: ENV,
    log: {
      info: (message, attributes) => logs.push({ level: 'info', message, attributes }),
      error: (message, attributes) => logs.push({ level: 'error', message, attributes }),
    },
    report: async (execution, status) => {
      reports.push([execution, status]);
      return 'reported';
    },
    checkDeps: { probe: healthy },
    ...overrides,
  };
  return { deps, reports, logs };
}

const ids = { deploymentId: 'd-UNIT00001', lifecycleEventHookExecutionId: 'exec-unit' };

describe('runHook', () => {
  test('reports Succeeded once when the checks pass', async () => {
    const { deps, reports } = fakes();
    await expect(runHook(EVENT, deps)).resolves.toBe('Succeeded');
    expect(reports).toEqual([[ids, 'Succeeded']]);
  });

  test('an exception while reading its settings is reported as Failed', async () => {
    const env = new Proxy({} as Record<string, string>, {
      get: () => {
        throw new Error('environment unavailable');
      },
    });
    const { deps, reports, logs } = fakes({ env });

    await expect(runHook(EVENT, deps)).resolves.toBe('Failed');
    expect(reports).toEqual([[ids, 'Failed']]);
    expect(logs).toContainEqual({
      level: 'error',
      message: 'lifecycle hook could not run its checks',
      attributes: { ...ids, error: 'environment unavailable' },
    });
  });

  test('an exception in the checks engine is reported as Failed', async () => {
    const { deps, reports } = fakes({
      checkDeps: {
        probe: healthy,
        now: () => {
          throw new Error('clock broke');
        },
      },
    });
    await expect(runHook(EVENT, deps)).resolves.toBe('Failed');
    expect(reports).toEqual([[ids, 'Failed']]);
  });

  test('a logger that throws still ends in exactly one Failed report', async () => {
    const { deps, reports } = fakes();
    const throwing = {
      ...deps,
      log: {
        info: (message: string) => {
          if (message === 'check passed') throw new Error('log sink full');
        },
        error: () => undefined,
      },
    };
    await expect(runHook(EVENT, throwing)).resolves.toBe('Failed');
    expect(reports).toEqual([[ids, 'Failed']]);
  });

  test("the budget leaves the report its reserve of the function's remaining time", async () => {
    const { deps, logs } = fakes({ remainingMs: () => REPORT_RESERVE_MS + 1_234 });
    await runHook(EVENT, deps);
    expect(logs).toContainEqual(
      expect.objectContaining({
        message: 'lifecycle hook checking target',
        attributes: expect.objectContaining({ budgetMs: 1_234 }),
      }),
    );
  });

  test('without remaining time for checks the hook still reports Failed', async () => {
    const { deps, reports } = fakes({ remainingMs: () => REPORT_RESERVE_MS - 5_000 });
    await expect(runHook(EVENT, deps)).resolves.toBe('Failed');
    expect(reports).toEqual([[ids, 'Failed']]);
  });

  test('a failed report is thrown after one attempt, never retried by the hook', async () => {
    let calls = 0;
    const { deps, logs } = fakes({
      report: async () => {
        calls++;
        throw new Error('AccessDeniedException');
      },
    });
    await expect(runHook(EVENT, deps)).rejects.toThrow('AccessDeniedException');
    expect(calls).toBe(1);
    expect(logs).toContainEqual({
      level: 'error',
      message: 'reporting to CodeDeploy failed',
      attributes: { ...ids, status: 'Succeeded', error: 'AccessDeniedException' },
    });
  });

  test('a hook execution that already had a verdict is done: no throw, no second report', async () => {
    const { deps, logs } = fakes({ report: async () => 'already-reported' });

    await expect(runHook(EVENT, deps)).resolves.toBe('Succeeded');
    expect(logs).toContainEqual({
      level: 'info',
      message: 'lifecycle hook execution already had a verdict, nothing more to report',
      attributes: { ...ids, status: 'Succeeded' },
    });
  });

  test('a malformed event is thrown without a report', async () => {
    const { deps, reports, logs } = fakes();
    await expect(runHook({ DeploymentId: 'd-1' }, deps)).rejects.toThrow(
      'lifecycle hook event is malformed: LifecycleEventHookExecutionId must be a non-empty string (got nothing)',
    );
    expect(reports).toEqual([]);
    expect(logs).toEqual([
      {
        level: 'error',
        message: 'malformed lifecycle hook event, not reporting',
        attributes: { error: expect.stringContaining('LifecycleEventHookExecutionId') },
      },
    ]);
  });
});
