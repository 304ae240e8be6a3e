/** What the gate does with a scan status ECR reports. */
export type StatusVerdict =
  { readonly action: 'wait' } | { readonly action: 'judge' } | { readonly action: 'fail'; readonly reason: string };

const WAIT = new Set(['IN_PROGRESS', 'PENDING']);

/**
 * COMPLETE is a finished basic (or enhanced) scan; ACTIVE is enhanced scanning's "continuously
 * monitored" state, whose findings are current. A word that is neither waited on nor judged is a
 * failure, known or not: an image the scanner did not or could not look at must never pass.
 */
const JUDGE = new Set(['COMPLETE', 'ACTIVE']);

const FAILURES: Record<string, string> = {
  FAILED: 'the scan failed',
  UNSUPPORTED_IMAGE: "the scanner does not support this image's operating system or packages",
  FINDINGS_UNAVAILABLE: 'the scanner has no findings for this image (they expired or were never produced)',
  SCAN_ELIGIBILITY_EXPIRED: 'the image is no longer eligible for enhanced scanning (its scan duration expired)',
  LIMIT_EXCEEDED: 'the scan limit was exceeded (basic scanning allows one scan per image per 24 hours)',
  IMAGE_ARCHIVED: 'the image is archived and archived images are not scanned',
};

export function classifyScanStatus(status: string | undefined, description: string | undefined): StatusVerdict {
  if (status === undefined || status === '') return { action: 'fail', reason: 'ECR answered without a scan status' };
  if (WAIT.has(status)) return { action: 'wait' };
  if (JUDGE.has(status)) return { action: 'judge' };
  const known = FAILURES[status];
  const what = known ?? `unknown scan status (allowed to pass: ${[...JUDGE].join(', ')})`;
  const said = description ? `; ECR says: ${description}` : '';
  return { action: 'fail', reason: `scan status ${status}: ${what}${said}` };
}
