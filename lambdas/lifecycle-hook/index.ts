import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { HookStatus } from './hook-event';
import { runHook } from './run-hook';

const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'lifecycle-hook' });

// The SDK client module takes several times longer to load than the rest of the function (see
// bench/hook.ts), so it is loaded when the first report is sent; a malformed event never loads it.
let reporter: Promise<typeof import('./report-status')> | undefined;

/** CodeDeploy ECS lifecycle hook: checks green through the test listener, reports the verdict once. */
export async function handler(event: unknown, context?: Context): Promise<HookStatus> {
  if (context !== undefined) logger.addContext(context);
  return runHook(event, {
    env: process.env,
    log: logger,
    remainingMs: context === undefined ? undefined : () => context.getRemainingTimeInMillis(),
    report: async (execution, status) => {
      reporter ??= import('./report-status');
      return (await reporter).reportHookStatus(execution, status);
    },
  });
}
