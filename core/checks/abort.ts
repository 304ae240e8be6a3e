/** Why a signal aborted, as a readable message (the reason a check reports). */
export class AbortReason extends Error {
  override readonly name = 'AbortReason';
}

/** The message of a signal's abort reason, or a generic one when the reason is not ours. */
export function abortMessage(signal: AbortSignal): string {
  return signal.reason instanceof AbortReason ? signal.reason.message : 'aborted';
}

/** A signal that aborts with `reason` after `ms` (at once when `ms` is not positive); `cancel` clears the timer once it is not needed. */
export function deadline(ms: number, reason: string): { signal: AbortSignal; cancel: () => void } {
  const controller = new AbortController();
  if (ms <= 0) controller.abort(new AbortReason(reason));
  const timer = setTimeout(() => controller.abort(new AbortReason(reason)), ms);
  return { signal: controller.signal, cancel: () => clearTimeout(timer) };
}

/** Settles with `promise`, or rejects as soon as `signal` aborts, whichever comes first. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Waits `ms`, or less when `signal` aborts first; never rejects. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
