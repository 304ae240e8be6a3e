import type { LogSource } from './log-source';
import type { LogsPlace } from './logs-target';

/** One log line as `logs` prints it. */
export interface LogEvent {
  readonly eventId: string;
  /** When the container wrote it, in milliseconds since the epoch. */
  readonly timestamp: number;
  readonly stream: string;
  readonly message: string;
}

/** What to read: the source, from when, and an optional CloudWatch Logs filter pattern. */
export interface LogQuery {
  readonly target: LogsPlace;
  readonly source: LogSource;
  readonly startTime: number;
  readonly filterPattern?: string;
}

export interface LogPage {
  readonly events: readonly LogEvent[];
  readonly nextToken?: string;
}

/** `2026-12-06T10:00:00.000Z app/app/0123abcd message`: one line per event, the message's own line break dropped. */
export function formatEvent(event: LogEvent): string {
  return `${new Date(event.timestamp).toISOString()} ${event.stream} ${event.message.replace(/\r?\n$/, '')}\n`;
}
