import { normalizeSeverity, type Finding } from './finding';
import { classifyScanStatus } from './scan-status';

/** Everything one full (all pages) read of DescribeImageScanFindings said about the image. */
export interface ScanSnapshot {
  readonly status: string | undefined;
  readonly description: string | undefined;
  /** `imageScanFindings.imageScanCompletedAt`; absent while enhanced findings are still being filled. */
  readonly completedAt: Date | undefined;
  readonly findings: readonly Finding[];
  /** `findingSeverityCounts` as ECR reported them, severities normalized. */
  readonly reportedCounts: Readonly<Record<string, number>> | undefined;
  /** Set when the pages of one read disagreed (the scan changed while it was being read). */
  readonly pagesDisagree?: string;
}

/** What one snapshot allows: judge it (once a second read confirms it), keep waiting, or give up. */
export type SnapshotAssessment =
  | { readonly action: 'judge'; readonly fingerprint: string }
  | { readonly action: 'wait'; readonly reason: string }
  | { readonly action: 'fail'; readonly reason: string };

/**
 * A final status alone is not enough: enhanced scanning reports COMPLETE or ACTIVE before
 * Inspector's findings are filled in (aws/aws-sdk#289 shows `{"findings": []}` with COMPLETE and
 * nothing else). So a snapshot is judged only when it is
 * - final: status COMPLETE or ACTIVE;
 * - populated: it carries `imageScanCompletedAt`, which the unfilled answers lack;
 * - consistent: no severity has more findings counted in `findingSeverityCounts` than listed.
 * A snapshot that fails one of these is waited on until the timeout; the caller additionally
 * requires the same fingerprint on two consecutive reads.
 */
export function assessSnapshot(snapshot: ScanSnapshot): SnapshotAssessment {
  const status = classifyScanStatus(snapshot.status, snapshot.description);
  if (status.action === 'fail') return status;
  const said = snapshot.description ? ` (${snapshot.description})` : '';
  if (status.action === 'wait') return { action: 'wait', reason: `scan status ${snapshot.status}${said}` };
  if (snapshot.pagesDisagree) return { action: 'wait', reason: snapshot.pagesDisagree };
  if (snapshot.completedAt === undefined) {
    return {
      action: 'wait',
      reason: `scan status ${snapshot.status} but the findings are not filled in yet (no imageScanCompletedAt)`,
    };
  }
  const missing = missingFindings(snapshot);
  if (missing.length > 0) {
    return {
      action: 'wait',
      reason: `findingSeverityCounts report more findings than ECR listed: ${missing.join(', ')}`,
    };
  }
  return { action: 'judge', fingerprint: fingerprint(snapshot) };
}

/** Severities whose reported count exceeds the findings listed; findings listed beyond the counts are judged anyway. */
function missingFindings(snapshot: ScanSnapshot): string[] {
  const listed = countBySeverity(snapshot.findings);
  return Object.entries(snapshot.reportedCounts ?? {})
    .filter(([severity, count]) => count > (listed[severity] ?? 0))
    .map(([severity, count]) => `${severity} ${count} counted, ${listed[severity] ?? 0} listed`);
}

export function countBySeverity(findings: readonly Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  return counts;
}

/** `findingSeverityCounts` with severities normalized, or the problem that makes the answer unusable. */
export function normalizeReportedCounts(
  raw: Record<string, number> | undefined,
): { readonly counts: Record<string, number> | undefined } | { readonly problem: string } {
  if (raw === undefined) return { counts: undefined };
  const counts: Record<string, number> = {};
  for (const [severity, count] of Object.entries(raw)) {
    if (!Number.isInteger(count) || count < 0) {
      return { problem: `findingSeverityCounts.${severity} is ${JSON.stringify(count)}, not a whole number >= 0` };
    }
    const key = normalizeSeverity(severity);
    counts[key] = (counts[key] ?? 0) + count;
  }
  return { counts };
}

/** The judged content of a snapshot, without timestamps that move on every continuous rescan. */
function fingerprint(snapshot: ScanSnapshot): string {
  const findings = snapshot.findings
    .map((f) => [f.source, f.id, f.severity, f.status, f.fixAvailable, f.packageName].join('|'))
    .sort();
  const counts = Object.entries(snapshot.reportedCounts ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([snapshot.status, counts, findings]);
}
