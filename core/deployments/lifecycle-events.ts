import type { LifecycleEvent } from '@aws-sdk/client-codedeploy';
import { durationBetween } from './time-format';

/** The tail of a hook's log is for a first look; the full log is in CloudWatch. */
export const MAX_LOG_TAIL_LINES = 10;

/** One line per event (name, status, duration) and, under a failed or diagnosed one, its diagnostics. */
export function formatLifecycleEvents(events: readonly LifecycleEvent[]): string[] {
  if (events.length === 0) return ['  (none reported yet)'];
  const width = Math.max(...events.map((e) => (e.lifecycleEventName ?? '?').length));
  const lines: string[] = [];
  for (const event of events) {
    const duration = durationBetween(event.startTime, event.endTime);
    const status = event.status ?? 'not reported';
    lines.push(
      `  ${(event.lifecycleEventName ?? '?').padEnd(width)}  ${status.padEnd(12)}  ${duration ?? ''}`.trimEnd(),
    );
    lines.push(...formatDiagnostics(event));
  }
  return lines;
}

/** The events that failed, for a one-line summary. */
export function failedEvents(events: readonly LifecycleEvent[]): string[] {
  return events.filter((e) => e.status === 'Failed').map((e) => e.lifecycleEventName ?? '?');
}

function formatDiagnostics(event: LifecycleEvent): string[] {
  const diagnostics = event.diagnostics;
  if (diagnostics === undefined) return [];
  const lines: string[] = [];
  const head = [diagnostics.errorCode, diagnostics.scriptName].filter(Boolean).join(' in ');
  const message = diagnostics.message?.trim();
  if (head || message) lines.push(`      ${[head, message].filter(Boolean).join(': ')}`);
  const tail = (diagnostics.logTail ?? '').split('\n').filter((l) => l.trim() !== '');
  for (const line of tail.slice(-MAX_LOG_TAIL_LINES)) lines.push(`      | ${line}`);
  return lines;
}
