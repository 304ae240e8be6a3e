import { TargetServer, hang } from '../checks/support/target-server';
import { bundleHook, type HookBundle } from './support/bundle-hook';
import { PUT_STATUS, invokeHook, type Handler } from './support/invoke-hook';

// One case with the shipped defaults (timeout 5 s, 3 attempts, backoff 1 s, no HOOK_BUDGET_MS):
// a hanging target must still end in a Failed report. It takes the full default budget (~15 s),
// so it has a file of its own to run beside the quick ones; its timing is measured in bench/hook.ts.

let bundle: HookBundle;
let target: TargetServer;

beforeAll(async () => {
  bundle = await bundleHook();
  target = await TargetServer.start({ '/health': hang });
});

afterAll(async () => {
  await target.stop();
  bundle.dispose();
});

test('with default settings a hanging target is reported Failed once the hook budget runs out', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is plain CommonJS built at test time
  const { handler } = require(bundle.file) as { handler: Handler };
  const event = { DeploymentId: 'd-HANGING01', LifecycleEventHookExecutionId: 'exec-hanging' };

  const run = await invokeHook(handler, event, {
    TARGET_URL: target.url,
    CHECKS: JSON.stringify([{ path: '/health' }]),
    HOOK_BUDGET_MS: undefined,
  });

  expect(run.calls).toEqual([
    {
      operation: PUT_STATUS,
      input: { deploymentId: 'd-HANGING01', lifecycleEventHookExecutionId: 'exec-hanging', status: 'Failed' },
    },
  ]);
  expect(run.logs).toContainEqual(
    expect.objectContaining({ message: 'lifecycle hook checking target', budgetMs: 15_000 }),
  );
  expect(run.logs).toContainEqual(
    expect.objectContaining({ check: 'GET /health', passed: false, attempts: 3, reason: 'budget of 15000 ms ran out' }),
  );
});
