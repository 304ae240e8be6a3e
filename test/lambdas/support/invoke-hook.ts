import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../../support/aws-json-server';

export type Handler = (event: unknown) => Promise<unknown>;

/** What a handler did: what it resolved to, or the message it rejected with, and what it logged. */
export interface HandlerRun {
  /** What the handler resolved to, or undefined when it rejected. */
  readonly resolved?: unknown;
  /** The message it rejected with, or undefined when it resolved. */
  readonly rejected?: string;
  /** Every JSON line the handler logged. */
  readonly logs: Record<string, unknown>[];
}

export interface HookRun extends HandlerRun {
  /** Every call the local CodeDeploy endpoint received (throttled ones included), in order. */
  readonly calls: { operation: string; input: Record<string, unknown> }[];
}

export const PUT_STATUS = 'PutLifecycleEventHookExecutionStatus';

/** CodeDeploy accepting every report, as it does for a hook execution still waiting. */
export const accept: OperationHandler = (input) => ({
  body: { lifecycleEventHookExecutionId: input.lifecycleEventHookExecutionId },
});

/**
 * Invokes a handler with `env` set (undefined deletes a variable); restores process.env and the output streams after,
 * whatever the handler did.
 */
export async function invokeHandler(
  handler: Handler,
  event: unknown,
  env: Record<string, string | undefined>,
): Promise<HandlerRun> {
  const output = captureOutput();
  const restoreEnv = setEnv(env);
  try {
    const outcome = await handler(event).then(
      (resolved) => ({ resolved }),
      (error: unknown) => ({ rejected: (error as { message?: string }).message ?? String(error) }),
    );
    return { ...outcome, logs: output.lines() };
  } finally {
    restoreEnv();
    output.restore();
  }
}

/**
 * Invokes a hook handler (invokeHandler) with a local CodeDeploy endpoint answering
 * PutLifecycleEventHookExecutionStatus with `codeDeploy`.
 */
export async function invokeHook(
  handler: Handler,
  event: unknown,
  env: Record<string, string | undefined>,
  codeDeploy: OperationHandler = accept,
): Promise<HookRun> {
  const server = await AwsJsonServer.start({ [PUT_STATUS]: codeDeploy });
  try {
    const run = await invokeHandler(handler, event, { ...localAwsEnv('CODEDEPLOY', server.url), ...env });
    return { ...run, calls: [...server.calls] };
  } finally {
    await server.stop();
  }
}

/** Sets (undefined: deletes) environment variables; returns what restores them. */
export function setEnv(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(values).map((key) => [key, process.env[key]]));
  Object.entries(values).forEach(([key, value]) => assign(key, value));
  return () => Object.entries(saved).forEach(([key, value]) => assign(key, value));
}

function assign(key: string, value: string | undefined): void {
  if (value === undefined) delete process.env[key];
  else process.env[key] = value;
}

/** Takes over stdout and stderr, where the Powertools logger writes its JSON lines (errors to stderr). */
export function captureOutput(): { lines: () => Record<string, unknown>[]; restore: () => void } {
  let text = '';
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = ((chunk: string | Uint8Array) => {
      text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    }) as typeof stream.write;
  }
  return {
    lines: () =>
      text
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => streams.forEach((stream, i) => (stream.write = originals[i])),
  };
}
