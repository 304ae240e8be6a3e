import type { Finding } from '../../../core/scan-gate';
import type { ScanSnapshot } from '../../../core/scan-gate';
import type { ScanRead } from '../../../core/scan-gate';

export const DIGEST = `sha256:${'ab12'.repeat(16)}`;
export const REPOSITORY = 'sample/app';
export const IMAGE = { repository: REPOSITORY, digest: DIGEST };
/** 2025-06-01T12:00:00Z */
export const NOON_JUNE_1 = Date.UTC(2025, 5, 1, 12);

/** A basic-scanning finding as ECR serializes it (awsJson: dates as epoch seconds). */
export function basicWire(name: string, severity: string, pkg = 'openssl', version = '3.0.2'): Record<string, unknown> {
  return {
    name,
    severity,
    uri: `https://cve.example/${name}`,
    attributes: [
      { key: 'package_name', value: pkg },
      { key: 'package_version', value: version },
    ],
  };
}

/** An enhanced (Inspector) finding as ECR serializes it. */
export function enhancedWire(
  id: string,
  severity: string,
  fixAvailable: string | undefined,
  status = 'ACTIVE',
  pkg = 'zlib',
): Record<string, unknown> {
  return {
    severity,
    status,
    ...(fixAvailable === undefined ? {} : { fixAvailable }),
    title: `${id} - ${pkg}`,
    type: 'PACKAGE_VULNERABILITY',
    packageVulnerabilityDetails: {
      vulnerabilityId: id,
      source: 'NVD',
      vulnerablePackages: [{ name: pkg, version: '1.2.13', fixedInVersion: '1.3.1' }],
    },
  };
}

/** A whole DescribeImageScanFindings answer. */
export function scanAnswer(
  status: string,
  options: {
    findings?: Record<string, unknown>[];
    enhancedFindings?: Record<string, unknown>[];
    counts?: Record<string, number>;
    completed?: boolean;
    nextToken?: string;
    description?: string;
  } = {},
): Record<string, unknown> {
  const { findings, enhancedFindings, counts, completed = true, nextToken, description } = options;
  return {
    registryId: '111111111111',
    repositoryName: REPOSITORY,
    imageId: { imageDigest: DIGEST },
    imageScanStatus: { status, description: description ?? `status ${status}` },
    imageScanFindings: {
      ...(completed ? { imageScanCompletedAt: 1_748_779_200, vulnerabilitySourceUpdatedAt: 1_748_775_600 } : {}),
      ...(counts ? { findingSeverityCounts: counts } : {}),
      ...(findings ? { findings } : {}),
      ...(enhancedFindings ? { enhancedFindings } : {}),
    },
    ...(nextToken ? { nextToken } : {}),
  };
}

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    id: 'CVE-2024-0001',
    severity: 'HIGH',
    packageName: 'openssl 3.0.2',
    fixAvailable: 'YES',
    status: 'ACTIVE',
    source: 'enhanced',
    ...overrides,
  };
}

export function snapshot(overrides: Partial<ScanSnapshot> = {}): ScanSnapshot {
  return {
    status: 'COMPLETE',
    description: undefined,
    completedAt: new Date(NOON_JUNE_1),
    findings: [],
    reportedCounts: undefined,
    ...overrides,
  };
}

export const snapshotRead = (overrides: Partial<ScanSnapshot> = {}): ScanRead => ({
  kind: 'snapshot',
  snapshot: snapshot(overrides),
});

/** A clock that only moves when the code under test sleeps (or a read takes `readMs`). */
export function fakeTime(start = NOON_JUNE_1) {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    sleeps,
  };
}
