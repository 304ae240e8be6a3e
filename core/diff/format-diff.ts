import type { ResourceChange, StackDiff } from './resource-change';

/** A change lists at most this many property paths; the rest are counted. */
export const MAX_PATHS = 12;

const RED = '\u001b[31m';
const RESET = '\u001b[0m';
const SYMBOL = { add: '+', remove: '-', change: '~' } as const;

/**
 * The report: per stack its resources added (+), removed (-) and changed (~) with the property paths that
 * changed; marked changes carry their word (REFUSED, REPLACES, DELETES, RESETS, ROLLS) and reason, the word in red when
 * `color` (a terminal), and a last line counts them.
 */
export function formatDiff(diffs: readonly StackDiff[], color: boolean): string {
  if (diffs.length === 0) return 'No differences.\n';
  const lines: string[] = [];
  for (const stack of diffs) {
    const where = [stack.account, stack.region].filter((p) => p !== undefined).join(', ');
    const status = stack.status === 'changed' ? '' : ` (stack ${stack.status})`;
    lines.push(`Stack ${stack.stackName}${where ? ` (${where})` : ''}${status}`);
    for (const change of stack.changes) lines.push(...changeLines(change, color));
    lines.push('');
  }
  const changes = diffs.flatMap((d) => d.changes);
  const marked = changes.filter((c) => c.marks.length > 0).length;
  lines.push(
    `${changes.length} resource change(s) in ${diffs.length} stack(s); ` +
      (marked === 0
        ? 'none refused or replacing data.'
        : `${marked} marked (REFUSED, REPLACES or DELETES): read them before deploying.`),
  );
  return `${lines.join('\n')}\n`;
}

function changeLines(change: ResourceChange, color: boolean): string[] {
  const words = change.marks.map((m) => (color ? `${RED}${m.word}${RESET}` : m.word));
  const head = `  ${SYMBOL[change.action]} ${change.logicalId} ${change.type}${words.length ? ` ${words.join(' ')}` : ''}`;
  const shown = change.paths.slice(0, MAX_PATHS).map((p) => `      ${p}`);
  const more = change.paths.length > MAX_PATHS ? [`      ... and ${change.paths.length - MAX_PATHS} more`] : [];
  const reasons = change.marks.map((m) => `    ${m.word}: ${m.reason}`);
  return [head, ...reasons, ...shown, ...more];
}
