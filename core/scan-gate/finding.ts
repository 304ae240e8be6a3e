import type { EnhancedImageScanFinding, ImageScanFinding, ImageScanFindings } from '@aws-sdk/client-ecr';
import type { Severity } from '../../model/config/schema';
import { SEVERITIES } from '../../model/config/scan-schema';

/** Whether a fix exists; basic scanning never says, so its findings are `UNKNOWN`. */
export type FixAvailability = 'YES' | 'NO' | 'PARTIAL' | 'UNKNOWN';

/** One vulnerability of the image, the same for basic and enhanced (Inspector) results. */
export interface Finding {
  /** Vulnerability id (CVE-…, GHSA-…); `(no id)` when ECR gave none, which no allowlist entry can match. */
  readonly id: string;
  /** A known severity, or the unexpected text ECR sent (judged as "cannot tell", never as harmless). */
  readonly severity: Severity | string;
  /** `name version` of the affected package(s), `-` when unknown. */
  readonly packageName: string;
  readonly fixAvailable: FixAvailability;
  /** Inspector's finding status (ACTIVE, SUPPRESSED, CLOSED); basic findings are always ACTIVE. */
  readonly status: string;
  readonly source: 'basic' | 'enhanced';
}

export const NO_ID = '(no id)';

/**
 * Maps ECR's and Inspector's severity words onto the configured ones. Inspector says UNTRIAGED
 * where basic scanning says UNDEFINED ("no severity assigned yet"), so both count as UNDEFINED.
 * Anything else is returned as sent and treated as unknown by the judgement.
 */
export function normalizeSeverity(raw: string | undefined): Severity | string {
  const word = (raw ?? '').trim().toUpperCase();
  if (word === 'UNTRIAGED') return 'UNDEFINED';
  return word === '' ? '(none)' : word;
}

export function isKnownSeverity(severity: string): severity is Severity {
  return (SEVERITIES as readonly string[]).includes(severity);
}

/** Every finding of one DescribeImageScanFindings page, of either shape (both when ECR sends both). */
export function findingsOfPage(page: ImageScanFindings | undefined): Finding[] {
  return [...(page?.findings ?? []).map(basicFinding), ...(page?.enhancedFindings ?? []).map(enhancedFinding)];
}

function basicFinding(finding: ImageScanFinding): Finding {
  const attribute = (key: string) => finding.attributes?.find((a) => a.key === key)?.value;
  const name = attribute('package_name');
  const version = attribute('package_version');
  return {
    id: nonEmpty(finding.name) ?? NO_ID,
    severity: normalizeSeverity(finding.severity),
    packageName: name === undefined ? '-' : [name, version].filter(Boolean).join(' '),
    fixAvailable: 'UNKNOWN',
    status: 'ACTIVE',
    source: 'basic',
  };
}

function enhancedFinding(finding: EnhancedImageScanFinding): Finding {
  const details = finding.packageVulnerabilityDetails;
  const packages = (details?.vulnerablePackages ?? [])
    .map((p) => [p.name, p.version].filter(Boolean).join(' '))
    .filter((p) => p.length > 0);
  return {
    id: nonEmpty(details?.vulnerabilityId) ?? NO_ID,
    severity: normalizeSeverity(finding.severity),
    packageName: packages.length > 0 ? [...new Set(packages)].join(', ') : '-',
    fixAvailable: fixAvailability(finding.fixAvailable),
    status: (nonEmpty(finding.status) ?? 'ACTIVE').toUpperCase(),
    source: 'enhanced',
  };
}

function fixAvailability(raw: string | undefined): FixAvailability {
  const word = (raw ?? '').trim().toUpperCase();
  return word === 'YES' || word === 'NO' || word === 'PARTIAL' ? word : 'UNKNOWN';
}

function nonEmpty(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  return trimmed ? trimmed : undefined;
}
