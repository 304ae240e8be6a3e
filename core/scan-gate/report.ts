import { SEVERITIES } from '../../model/config/scan-schema';
import type { ImageRef } from './ecr-scan-reader';
import type { FixAvailability } from './finding';
import type { GateResult } from './gate';
import type { Judgement, ScanPolicy } from './judge';

const PACKAGE_WIDTH = 48;
const IDS_IN_VERDICT = 5;

/** The one line that ends the output: PASS, BLOCK or FAIL (could not judge). */
export function verdictLine(result: GateResult, image: ImageRef): string {
  const ref = `${image.repository}@${image.digest.slice(0, 'sha256:'.length + 12)}`;
  if (result.verdict === 'error') return `scan-gate: FAIL — ${ref} could not be judged: ${result.reason}`;
  const { judgement } = result;
  if (result.verdict === 'pass') {
    const open = total(judgement.severityCounts);
    return `scan-gate: PASS — ${ref}: no finding blocks (${open} open, ${judgement.allowlisted.length} allowlisted)`;
  }
  const ids = uniqueIds(judgement.blocking);
  const shown = ids.slice(0, IDS_IN_VERDICT).join(', ') + (ids.length > IDS_IN_VERDICT ? ', …' : '');
  return `scan-gate: BLOCK — ${ref}: ${judgement.blocking.length} finding(s) block (${shown})`;
}

/** The human report: image, scan, policy, the table of what blocked, allowlist notes and the verdict line. */
export function renderReport(result: GateResult, image: ImageRef, policy: ScanPolicy): string {
  const lines = [
    `image:  ${image.repository}@${image.digest}${image.registryId ? ` (registry ${image.registryId})` : ''}`,
    `policy: fail on ${policy.failOn.join(', ')}; onlyFixable ${policy.onlyFixable ? 'on' : 'off'}; ${policy.allowlist.length} allowlist entr${policy.allowlist.length === 1 ? 'y' : 'ies'}`,
  ];
  if (result.verdict !== 'error') {
    const { judgement, snapshot } = result;
    lines.push(`scan:   ${snapshot.status}, ${describeCounts(judgement.severityCounts)}`, '');
    if (judgement.blocking.length > 0) {
      lines.push(`blocking findings (${judgement.blocking.length}):`, ...table(judgement.blocking), '');
    }
    if (judgement.allowlisted.length > 0) {
      lines.push(`allowlisted findings (${judgement.allowlisted.length}):`, ...table(judgement.allowlisted), '');
    }
    const notes = allowlistNotes(judgement);
    if (judgement.fixUnknownTreatedAsFixable > 0) {
      notes.push(
        `note: ${judgement.fixUnknownTreatedAsFixable} finding(s) carry no fix information (basic scanning never reports it); onlyFixable treats them as fixable`,
      );
    }
    if (notes.length > 0) lines.push(...notes, '');
  } else {
    lines.push(`scan:   ${result.lastStatus ?? 'no status seen'}`, '');
  }
  lines.push(verdictLine(result, image));
  return lines.join('\n') + '\n';
}

function table(rows: Judgement['blocking']): string[] {
  const cells = rows.map(({ finding, why }) => [
    finding.id,
    finding.severity,
    truncate(finding.packageName, PACKAGE_WIDTH),
    fixText(finding.fixAvailable),
    why,
  ]);
  return formatTable(['ID', 'SEVERITY', 'PACKAGE', 'FIX', 'WHY'], cells);
}

/** Columns padded to their widest cell; the last one is left ragged. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows].map((row) => row.map((cell) => cell.replace(/\s+/g, ' ')));
  const widths = header.map((_, i) => Math.max(...all.map((row) => row[i]?.length ?? 0)));
  return all.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .replace(/^/, '  '),
  );
}

function allowlistNotes(judgement: Judgement): string[] {
  const expired = judgement.expiredEntries.map(({ entry, blockedIds }) =>
    blockedIds.length > 0
      ? `allowlist: ${entry.id} expired on ${entry.expires} and no longer suppresses it (reason was: ${entry.reason})`
      : `allowlist: ${entry.id} expired on ${entry.expires} and matches no blocking finding; remove it`,
  );
  const unused = judgement.unusedEntries.map(
    (entry) => `allowlist: ${entry.id} (until ${entry.expires}) is unused: no blocking finding has this id`,
  );
  return [...expired, ...unused];
}

function describeCounts(counts: Readonly<Record<string, number>>): string {
  const open = total(counts);
  if (open === 0) return 'no open findings';
  const order = [...SEVERITIES, ...Object.keys(counts).filter((s) => !(SEVERITIES as readonly string[]).includes(s))];
  const parts = order.filter((s) => (counts[s] ?? 0) > 0).map((s) => `${s} ${counts[s]}`);
  return `${open} open finding(s): ${parts.join(', ')}`;
}

function fixText(fix: FixAvailability): string {
  return fix === 'UNKNOWN' ? 'unknown' : fix;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function total(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export function uniqueIds(rows: Judgement['blocking']): string[] {
  return [...new Set(rows.map((r) => r.finding.id))];
}
