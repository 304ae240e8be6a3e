import type { ImageRef } from './ecr-scan-reader';
import type { GateResult } from './gate';
import type { ScanPolicy } from './judge';
import { uniqueIds, verdictLine } from './report';

/** The small JSON `--summary-out` writes; the pipeline quotes it in the approval message. */
export interface GateSummary {
  readonly verdict: GateResult['verdict'];
  /** The verdict line as printed. */
  readonly headline: string;
  readonly repository: string;
  readonly digest: string;
  readonly registryId?: string;
  readonly scanStatus: string | null;
  /** Why the scan could not be judged; only with verdict `error`. */
  readonly reason?: string;
  /** Open findings by severity (closed or suppressed in Inspector left out). */
  readonly counts: Readonly<Record<string, number>>;
  readonly blocking: readonly string[];
  readonly allowlisted: readonly string[];
  readonly expiredAllowlist: readonly string[];
  readonly unusedAllowlist: readonly string[];
  readonly failOn: readonly string[];
  readonly onlyFixable: boolean;
}

export function gateSummary(result: GateResult, image: ImageRef, policy: ScanPolicy): GateSummary {
  const common = {
    verdict: result.verdict,
    headline: verdictLine(result, image),
    repository: image.repository,
    digest: image.digest,
    ...(image.registryId ? { registryId: image.registryId } : {}),
    failOn: [...policy.failOn],
    onlyFixable: policy.onlyFixable,
  };
  if (result.verdict === 'error') {
    return {
      ...common,
      scanStatus: result.lastStatus ?? null,
      reason: result.reason,
      counts: {},
      blocking: [],
      allowlisted: [],
      expiredAllowlist: [],
      unusedAllowlist: [],
    };
  }
  const { judgement } = result;
  return {
    ...common,
    scanStatus: result.snapshot.status ?? null,
    counts: judgement.severityCounts,
    blocking: uniqueIds(judgement.blocking),
    allowlisted: uniqueIds(judgement.allowlisted),
    expiredAllowlist: judgement.expiredEntries.map((e) => e.entry.id),
    unusedAllowlist: judgement.unusedEntries.map((e) => e.id),
  };
}
