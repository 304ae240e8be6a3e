import { secondsOption, type TaskTiming } from '../core/run-task';
import { optional, type Flags } from './args';

/** The defaults and upper bounds, in seconds, of a waiting command's --timeout-seconds and --poll-seconds. */
export interface WaitLimits {
  readonly timeout: { readonly default: number; readonly max: number };
  readonly poll: { readonly default: number; readonly max: number };
}

/** --timeout-seconds and --poll-seconds as milliseconds, each within its limit (one clear line otherwise). */
export function waitTiming(flags: Flags, limits: WaitLimits): TaskTiming {
  return {
    timeoutMs: secondsOption(
      optional(flags, 'timeout-seconds'),
      '--timeout-seconds',
      limits.timeout.default,
      limits.timeout.max,
    ),
    pollMs: secondsOption(optional(flags, 'poll-seconds'), '--poll-seconds', limits.poll.default, limits.poll.max),
  };
}
