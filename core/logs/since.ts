import { LogsError } from './logs-error';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)([smhd])$/;
/** An ISO 8601 date, or date and time with an explicit zone (`Z` or `+01:00`): a local time would be a guess. */
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
/** CloudWatch Logs keeps events for at most 10 years; further back is certainly a mistake. */
const MAX_AGE_MS = 3_653 * UNIT_MS.d;

/**
 * The start of the window `--since` names, in milliseconds since the epoch: a duration back from `now`
 * (`30s`, `10m`, `1h`, `2d`) or an ISO 8601 time (`2026-12-06T10:00:00Z`, `2026-12-06`). Anything else, or a
 * time in the future, is an input error that names the forms allowed.
 */
export function parseSince(text: string, now: number): number {
  const duration = DURATION.exec(text);
  const start = duration
    ? now - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS]
    : ISO.test(text)
      ? Date.parse(text)
      : Number.NaN;
  if (Number.isNaN(start)) {
    throw new LogsError(
      'input',
      `--since must be a duration such as 30s, 10m, 1h or 2d, or an ISO 8601 time such as 2026-12-06T10:00:00Z, got '${text}'`,
    );
  }
  if (start > now) throw new LogsError('input', `--since '${text}' is in the future; give a time in the past`);
  if (now - start > MAX_AGE_MS) {
    throw new LogsError('input', `--since '${text}' is more than 10 years back; CloudWatch Logs keeps no older events`);
  }
  return start;
}
