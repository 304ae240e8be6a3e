import type { Sleep } from '../timing';
import type { LogEvent, LogPage, LogQuery } from './log-event';

/** One page of a query; the real one is FilterLogEvents (log-calls.ts). */
export type PageReader = (query: LogQuery, nextToken: string | undefined) => Promise<LogPage>;

/** More pages than this in one read: the window is too wide to print; the reader is told to narrow it. */
export const MAX_PAGES = 50;
/**
 * Events reach CloudWatch Logs a little after they were written, so a poll asks again from this long before the
 * newest event it has seen, and drops the ones it printed already.
 */
export const LATE_ARRIVAL_MS = 10_000;

export interface ReadResult {
  /** In time order (FilterLogEvents interleaves streams only roughly). */
  readonly events: LogEvent[];
  /** True when MAX_PAGES pages were read and CloudWatch Logs still had more. */
  readonly truncated: boolean;
}

/** Every event of the query, over up to MAX_PAGES pages, in time order. */
export async function readLogs(read: PageReader, query: LogQuery): Promise<ReadResult> {
  const events: LogEvent[] = [];
  let nextToken: string | undefined;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const answer = await read(query, nextToken);
    events.push(...answer.events);
    if (answer.nextToken === undefined || answer.nextToken === nextToken)
      return { events: inOrder(events), truncated: false };
    nextToken = answer.nextToken;
  }
  return { events: inOrder(events), truncated: true };
}

export interface FollowOptions {
  readonly intervalMs: number;
  readonly sleep: Sleep;
  /** Printed as they arrive, each batch in time order. */
  readonly print: (events: readonly LogEvent[]) => void;
  /** Aborted when the reader interrupts (Ctrl-C): the loop ends after the read or pause it is in. */
  readonly signal: AbortSignal;
  /** Told when a read was cut at MAX_PAGES. */
  readonly onTruncated?: () => void;
}

/**
 * Reads the query, prints it, and keeps reading every `intervalMs` from shortly before the newest event seen
 * until `signal` is aborted; an event already printed is never printed again.
 */
export async function followLogs(read: PageReader, query: LogQuery, options: FollowOptions): Promise<void> {
  const printed = new Map<string, number>();
  let newest: number | undefined;
  let startTime = query.startTime;
  while (!options.signal.aborted) {
    const { events, truncated } = await readLogs(read, { ...query, startTime });
    if (truncated) options.onTruncated?.();
    const fresh = events.filter((e) => !printed.has(e.eventId));
    if (fresh.length > 0) options.print(fresh);
    for (const e of fresh) {
      printed.set(e.eventId, e.timestamp);
      newest = Math.max(newest ?? e.timestamp, e.timestamp);
    }
    if (newest !== undefined) startTime = Math.max(query.startTime, newest - LATE_ARRIVAL_MS);
    for (const [id, timestamp] of printed) if (timestamp < startTime) printed.delete(id);
    if (options.signal.aborted) break;
    await pause(options.sleep, options.intervalMs, options.signal);
  }
}

/** Sorted by time; events of the same millisecond keep the order CloudWatch Logs gave (the sort is stable). */
function inOrder(events: LogEvent[]): LogEvent[] {
  return [...events].sort((a, b) => a.timestamp - b.timestamp);
}

/** The pause between polls, cut short by the signal. */
async function pause(sleep: Sleep, ms: number, signal: AbortSignal): Promise<void> {
  let onAbort: () => void = () => undefined;
  const aborted = new Promise<void>((done) => {
    onAbort = done;
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([sleep(ms), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
