import type { ScanConfig } from '../../model/config/schema';
import { SEVERITIES } from '../../model/config/scan-schema';
import { isExpired, sameId, type AllowlistEntry } from './allowlist';
import { isKnownSeverity, NO_ID, type Finding } from './finding';

/** The thresholds of the config's `scan` section that decide. */
export type ScanPolicy = Pick<ScanConfig, 'failOn' | 'onlyFixable' | 'allowlist'>;

export interface JudgedFinding {
  readonly finding: Finding;
  /** Why it blocks or why it does not. */
  readonly why: string;
}

export interface Judgement {
  /** Findings that stop the image, most severe first. */
  readonly blocking: readonly JudgedFinding[];
  /** Findings over the threshold that a valid allowlist entry suppressed. */
  readonly allowlisted: readonly (JudgedFinding & { readonly entry: AllowlistEntry })[];
  /** Findings that do not block: under the threshold, without a fix under onlyFixable, or closed/suppressed in Inspector. */
  readonly passed: readonly JudgedFinding[];
  /** Open findings (not closed or suppressed in Inspector) by severity, whatever their verdict. */
  readonly severityCounts: Readonly<Record<string, number>>;
  /** Every expired entry, with the blocking findings it would have suppressed (possibly none). */
  readonly expiredEntries: readonly { readonly entry: AllowlistEntry; readonly blockedIds: readonly string[] }[];
  /** Valid entries that suppressed nothing: their vulnerability is gone or under the threshold. */
  readonly unusedEntries: readonly AllowlistEntry[];
  /** Over-threshold findings without fix information (basic scanning) that onlyFixable treated as fixable. */
  readonly fixUnknownTreatedAsFixable: number;
}

/**
 * Decides each finding in this order: closed or suppressed in Inspector → passes; onlyFixable and
 * fixAvailable NO → passes; a known severity not in failOn → passes; a valid allowlist entry →
 * allowlisted; otherwise it blocks. An unknown severity is never taken as harmless, and a finding
 * without fix information (all of basic scanning) counts as fixable.
 */
export function judgeFindings(findings: readonly Finding[], policy: ScanPolicy, now: Date): Judgement {
  const blocking: JudgedFinding[] = [];
  const allowlisted: (JudgedFinding & { entry: AllowlistEntry })[] = [];
  const passed: JudgedFinding[] = [];
  const severityCounts: Record<string, number> = {};
  const used = new Set<AllowlistEntry>();
  const blockedByExpired = new Map<AllowlistEntry, string[]>();
  const expired = policy.allowlist.filter((e) => isExpired(e, now));
  const valid = policy.allowlist.filter((e) => !expired.includes(e));
  let fixUnknownTreatedAsFixable = 0;

  for (const finding of findings) {
    const closed = finding.status === 'SUPPRESSED' || finding.status === 'CLOSED';
    if (closed) {
      passed.push({ finding, why: `${finding.status.toLowerCase()} in Amazon Inspector` });
      continue;
    }
    severityCounts[finding.severity] = (severityCounts[finding.severity] ?? 0) + 1;
    if (policy.onlyFixable && finding.fixAvailable === 'NO') {
      passed.push({ finding, why: 'no fix available (onlyFixable)' });
      continue;
    }
    const known = isKnownSeverity(finding.severity);
    if (known && !policy.failOn.includes(finding.severity)) {
      passed.push({ finding, why: `${finding.severity} is not in failOn` });
      continue;
    }
    const reasons = [known ? `${finding.severity} is in failOn` : `unknown severity ${finding.severity}`];
    if (policy.onlyFixable && finding.fixAvailable === 'UNKNOWN') {
      fixUnknownTreatedAsFixable++;
      reasons.push('no fix information, treated as fixable');
    }
    const matches = (e: AllowlistEntry) => finding.id !== NO_ID && sameId(e.id, finding.id);
    const entry = valid.find(matches);
    if (entry) {
      used.add(entry);
      allowlisted.push({ finding, entry, why: `allowlisted until ${entry.expires}: ${entry.reason}` });
      continue;
    }
    for (const stale of expired.filter(matches)) {
      reasons.push(`allowlist entry expired ${stale.expires}`);
      blockedByExpired.set(stale, [...(blockedByExpired.get(stale) ?? []), finding.id]);
    }
    blocking.push({ finding, why: reasons.join('; ') });
  }

  return {
    blocking: blocking.sort(bySeverityThenId),
    allowlisted,
    passed,
    severityCounts,
    expiredEntries: expired.map((entry) => ({ entry, blockedIds: [...new Set(blockedByExpired.get(entry) ?? [])] })),
    unusedEntries: valid.filter((e) => !used.has(e)),
    fixUnknownTreatedAsFixable,
  };
}

function rank(severity: string): number {
  const index = (SEVERITIES as readonly string[]).indexOf(severity);
  return index === -1 ? SEVERITIES.length : index;
}

function bySeverityThenId(a: JudgedFinding, b: JudgedFinding): number {
  return rank(a.finding.severity) - rank(b.finding.severity) || a.finding.id.localeCompare(b.finding.id);
}
