import type { AlarmSample } from './alarm-read';
import type { BakeTally, BakeVerdict } from './watch-alarm';

/** What was watched, for the report's first line. */
export interface BakeSubject {
  readonly environment: string;
  readonly alarm: string;
  readonly account?: string;
  readonly region: string;
  readonly minutes: number;
}

/** `PASS`/`FAIL` line, the reason and the alarm's state details, then what the bake saw. Ends with a newline. */
export function formatBakeReport(subject: BakeSubject, result: BakeVerdict): string {
  const lines: string[] = [];
  if (result.verdict === 'pass') {
    lines.push(
      `PASS  bake of ${subject.environment}: alarm ${subject.alarm} stayed quiet for ${formatMinutes(subject.minutes)}`,
    );
    if (result.tally.states.INSUFFICIENT_DATA !== undefined) {
      lines.push(
        '      it was INSUFFICIENT_DATA at times; the bake counts that as quiet (the alarms treat missing data as not breaching)',
      );
    }
    lines.push(...sampleLines('last state', result.last));
  } else {
    lines.push(`FAIL  bake of ${subject.environment}: ${result.reason}`);
    if (result.sample !== undefined) lines.push(...sampleLines('state', result.sample));
  }
  lines.push(`      ${formatTally(result.tally)}`);
  return `${lines.join('\n')}\n`;
}

/** One progress line for a state the bake has not seen just before. */
export function formatStateChange(sample: AlarmSample, elapsedMs: number): string {
  const reason = sample.reason === undefined ? '' : `: ${sample.reason}`;
  return `bake: ${formatElapsed(elapsedMs)} ${sample.name} is ${sample.state ?? '(no state)'}${reason}\n`;
}

export function formatTally(tally: BakeTally): string {
  const states = Object.entries(tally.states)
    .map(([state, count]) => `${state} ×${count}`)
    .join(', ');
  const failed = tally.failedReads === 0 ? '' : `, ${tally.failedReads} failed read(s) retried`;
  return `${tally.samples} sample(s) over ${formatElapsed(tally.elapsedMs)}; states seen: ${states || 'none'}${failed}`;
}

function sampleLines(label: string, sample: AlarmSample): string[] {
  const lines = [`      ${label}: ${sample.state ?? '(none)'} (${sample.type})`];
  if (sample.reason !== undefined) lines.push(`      reason: ${sample.reason}`);
  if (sample.updatedAt !== undefined) lines.push(`      state updated: ${sample.updatedAt.toISOString()}`);
  return lines;
}

/** `1m05s`, or `0.012s` below a second so millisecond test bakes still read sensibly. */
export function formatElapsed(ms: number): string {
  if (ms < 1000) return `${(ms / 1000).toFixed(3)}s`;
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes === 0 ? `${seconds}s` : `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
}

function formatMinutes(minutes: number): string {
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
