import type { ImageScanFindings } from '@aws-sdk/client-ecr';
import { findingsOfPage, normalizeSeverity, NO_ID } from '../../../core/scan-gate';

describe('findingsOfPage', () => {
  test('reads a basic finding: name is the id, package from the attributes, no fix information', () => {
    const page: ImageScanFindings = {
      findings: [
        {
          name: 'CVE-2023-5678',
          severity: 'HIGH',
          attributes: [
            { key: 'package_version', value: '3.0.2-0ubuntu1.10' },
            { key: 'package_name', value: 'openssl' },
            { key: 'CVSS2_SCORE', value: '5' },
          ],
        },
      ],
    };

    expect(findingsOfPage(page)).toEqual([
      {
        id: 'CVE-2023-5678',
        severity: 'HIGH',
        packageName: 'openssl 3.0.2-0ubuntu1.10',
        fixAvailable: 'UNKNOWN',
        status: 'ACTIVE',
        source: 'basic',
      },
    ]);
  });

  test('reads an enhanced finding: vulnerabilityId, every package, fixAvailable and Inspector status', () => {
    const page: ImageScanFindings = {
      enhancedFindings: [
        {
          severity: 'CRITICAL',
          status: 'SUPPRESSED',
          fixAvailable: 'PARTIAL',
          packageVulnerabilityDetails: {
            vulnerabilityId: 'GHSA-abcd-1234-efgh',
            vulnerablePackages: [
              { name: 'lodash', version: '4.17.20' },
              { name: 'lodash', version: '4.17.20' },
              { name: 'lodash-es', version: '4.17.20' },
            ],
          },
        },
      ],
    };

    expect(findingsOfPage(page)).toEqual([
      {
        id: 'GHSA-abcd-1234-efgh',
        severity: 'CRITICAL',
        packageName: 'lodash 4.17.20, lodash-es 4.17.20',
        fixAvailable: 'PARTIAL',
        status: 'SUPPRESSED',
        source: 'enhanced',
      },
    ]);
  });

  test('reads both shapes when one answer carries both', () => {
    const page: ImageScanFindings = {
      findings: [{ name: 'CVE-1', severity: 'LOW' }],
      enhancedFindings: [{ severity: 'HIGH', packageVulnerabilityDetails: { vulnerabilityId: 'CVE-2' } }],
    };

    expect(findingsOfPage(page).map((f) => [f.id, f.source])).toEqual([
      ['CVE-1', 'basic'],
      ['CVE-2', 'enhanced'],
    ]);
  });

  test('fails closed on missing parts: no id cannot be allowlisted, no status is open, no fix word is unknown', () => {
    const page: ImageScanFindings = { enhancedFindings: [{ severity: 'high', fixAvailable: 'MAYBE' }], findings: [{}] };

    expect(findingsOfPage(page)).toEqual([
      { id: NO_ID, severity: '(none)', packageName: '-', fixAvailable: 'UNKNOWN', status: 'ACTIVE', source: 'basic' },
      { id: NO_ID, severity: 'HIGH', packageName: '-', fixAvailable: 'UNKNOWN', status: 'ACTIVE', source: 'enhanced' },
    ]);
  });

  test('an answer without imageScanFindings has no findings', () => {
    expect(findingsOfPage(undefined)).toEqual([]);
    expect(findingsOfPage({})).toEqual([]);
  });
});

describe('normalizeSeverity', () => {
  test.each([
    ['CRITICAL', 'CRITICAL'],
    ['medium', 'MEDIUM'],
    ['UNTRIAGED', 'UNDEFINED'],
    ['UNDEFINED', 'UNDEFINED'],
    ['SEVERE', 'SEVERE'],
    [undefined, '(none)'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeSeverity(raw)).toBe(expected);
  });
});
