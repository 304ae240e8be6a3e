import { isTransientError } from '../aws-errors';
import type { Sleep } from '../timing';

/** How a throttled or failed call is asked again, after the SDK's own retries gave up. */
export interface RetryPolicy {
  /** Calls in all, the first included. */
  readonly attempts: number;
  /** Pause before the second call; it doubles before each later one. */
  readonly delayMs: number;
  readonly sleep: Sleep;
  /** Told of each retry, e.g. to say so on stderr. */
  readonly onRetry?: (reason: string) => void;
}

/** The call, asked again while it fails with an error that can clear up by itself (throttling, a server fault). */
export async function retrying<T>(policy: RetryPolicy, send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!isTransientError(error) || attempt >= policy.attempts) throw error;
      const { name, message } = error as Error;
      policy.onRetry?.(`${name}: ${message}`);
      await policy.sleep(policy.delayMs * 2 ** (attempt - 1));
    }
  }
}
