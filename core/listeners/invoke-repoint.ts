import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { RepointResult } from '../../model/lambda-contracts';
import { explainAwsError } from '../aws-errors';
import { ListenersError, type ElbPlace } from './listeners-error';

/**
 * Bounds for the invoke: the function's own timeout is 2 minutes (pipeline/environment/deployment/
 * listener-repoint-function.ts), so a synchronous answer always comes before the socket gives up.
 */
export const INVOKE_TIMEOUTS = { connectionTimeout: 5_000, requestTimeout: 150_000 } as const;

/**
 * Invokes the environment's listener re-point function synchronously, with no payload (it reads none), and returns
 * the lines of what it changed. Its failure (a running deployment, an unknown state, AWS refusing a call) becomes a
 * ListenersError with the function's own one-line message.
 */
export async function invokeRepoint(client: LambdaClient, functionName: string, place: ElbPlace): Promise<string[]> {
  const where = `function ${functionName} (account ${place.account}, ${place.region})`;
  let answer;
  try {
    answer = await client.send(new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse' }));
  } catch (error) {
    throw new ListenersError(explainLambdaError(error, where, place));
  }
  const payload = parsePayload(answer.Payload);
  if (answer.FunctionError !== undefined) {
    const message = typeof payload?.errorMessage === 'string' ? oneLine(payload.errorMessage) : 'no message';
    throw new ListenersError(`the listener re-point ${where} failed: ${message}`);
  }
  const changes = (payload as Partial<RepointResult> | undefined)?.changes;
  if (!Array.isArray(changes) || !changes.every((line) => typeof line === 'string')) {
    throw new ListenersError(
      `the listener re-point ${where} answered without its list of changes; is it the function this version of ` +
        'the tool deploys?',
    );
  }
  return changes.map(oneLine);
}

function parsePayload(bytes: Uint8Array | undefined): Record<string, unknown> | undefined {
  if (bytes === undefined || bytes.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function explainLambdaError(error: unknown, where: string, place: ElbPlace): string {
  return explainAwsError(error, {
    service: 'Lambda',
    operation: 'Invoke',
    where,
    account: place.account,
    region: place.region,
    ownErrors: ({ name }) =>
      name === 'ResourceNotFoundException'
        ? `Lambda Invoke: ${where} does not exist: has the ${place.environment} environment been deployed with this ` +
          `version of the tool, and are your credentials for its account ${place.account}?`
        : undefined,
    accessDenied: ['AccessDeniedException'],
    throttled: () => `Lambda throttled Invoke of ${where}; wait a moment and run again`,
    reachFor: `to invoke ${where}`,
  });
}
