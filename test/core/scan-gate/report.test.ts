import {
  formatTable,
  gateSummary,
  judgeFindings,
  renderReport,
  verdictLine,
  type GateResult,
  type ScanPolicy,
} from '../../../core/scan-gate';
import { DIGEST, finding, IMAGE, snapshot } from './fixtures';

const NOW = new Date('2025-06-01T12:00:00Z');
const POLICY: ScanPolicy = {
  failOn: ['CRITICAL', 'HIGH'],
  onlyFixable: true,
  allowlist: [{ id: 'CVE-A', reason: 'only reachable from the admin tool', expires: '2030-01-01' }],
};
const SHORT = `sample/app@${DIGEST.slice(0, 19)}`;

function judged(findings = [finding()], policy = POLICY): GateResult {
  const judgement = judgeFindings(findings, policy, NOW);
  return {
    verdict: judgement.blocking.length > 0 ? 'block' : 'pass',
    snapshot: snapshot({ findings }),
    judgement,
    reads: 2,
  };
}
const unjudged: GateResult = {
  verdict: 'error',
  reason: 'scan status FAILED: the scan failed',
  lastStatus: 'FAILED',
  reads: 1,
};

describe('verdictLine', () => {
  test('pass names the open and allowlisted counts', () => {
    const result = judged([finding({ id: 'CVE-A' }), finding({ id: 'CVE-L', severity: 'LOW' })]);
    expect(verdictLine(result, IMAGE)).toBe(`scan-gate: PASS — ${SHORT}: no finding blocks (2 open, 1 allowlisted)`);
  });

  test('block lists at most five ids, each once', () => {
    const findings = ['1', '2', '3', '4', '5', '6', '6'].map((n) => finding({ id: `CVE-${n}` }));
    expect(verdictLine(judged(findings), IMAGE)).toBe(
      `scan-gate: BLOCK — ${SHORT}: 7 finding(s) block (CVE-1, CVE-2, CVE-3, CVE-4, CVE-5, …)`,
    );
  });

  test('error says the image could not be judged, and why', () => {
    expect(verdictLine(unjudged, IMAGE)).toBe(
      `scan-gate: FAIL — ${SHORT} could not be judged: scan status FAILED: the scan failed`,
    );
  });
});

describe('renderReport', () => {
  test('a block shows the scan, the table of what blocked, the allowlisted ones and the fix note', () => {
    const result = judged([
      finding({
        id: 'CVE-B',
        severity: 'CRITICAL',
        fixAvailable: 'UNKNOWN',
        source: 'basic',
        packageName: 'x'.repeat(60),
      }),
      finding({ id: 'CVE-A' }),
      finding({ id: 'CVE-M', severity: 'MEDIUM' }),
    ]);

    const lines = renderReport(result, IMAGE, POLICY).split('\n');

    expect(lines).toEqual([
      `image:  sample/app@${DIGEST}`,
      'policy: fail on CRITICAL, HIGH; onlyFixable on; 1 allowlist entry',
      'scan:   COMPLETE, 3 open finding(s): CRITICAL 1, HIGH 1, MEDIUM 1',
      '',
      'blocking findings (1):',
      `  ID     SEVERITY  PACKAGE${' '.repeat(41)}  FIX      WHY`,
      `  CVE-B  CRITICAL  ${'x'.repeat(47)}…  unknown  CRITICAL is in failOn; no fix information, treated as fixable`,
      '',
      'allowlisted findings (1):',
      '  ID     SEVERITY  PACKAGE        FIX  WHY',
      '  CVE-A  HIGH      openssl 3.0.2  YES  allowlisted until 2030-01-01: only reachable from the admin tool',
      '',
      'note: 1 finding(s) carry no fix information (basic scanning never reports it); onlyFixable treats them as fixable',
      '',
      `scan-gate: BLOCK — ${SHORT}: 1 finding(s) block (CVE-B)`,
      '',
    ]);
  });

  test('a clean pass says there are no open findings and mentions the unused allowlist entry', () => {
    const text = renderReport(judged([]), IMAGE, POLICY);

    expect(text).toContain('scan:   COMPLETE, no open findings\n');
    expect(text).toContain('allowlist: CVE-A (until 2030-01-01) is unused: no blocking finding has this id\n');
    expect(text).not.toContain('blocking findings');
  });

  test('an expired entry that matched nothing is called out for removal', () => {
    const policy = { ...POLICY, allowlist: [{ id: 'CVE-OLD', reason: 'waiting for upstream', expires: '2024-01-01' }] };
    expect(renderReport(judged([], policy), IMAGE, policy)).toContain(
      'allowlist: CVE-OLD expired on 2024-01-01 and matches no blocking finding; remove it',
    );
  });

  test('an error report shows the last status seen and the verdict line', () => {
    expect(renderReport(unjudged, { ...IMAGE, registryId: '123456789012' }, POLICY).split('\n')).toEqual([
      `image:  sample/app@${DIGEST} (registry 123456789012)`,
      'policy: fail on CRITICAL, HIGH; onlyFixable on; 1 allowlist entry',
      'scan:   FAILED',
      '',
      `scan-gate: FAIL — ${SHORT} could not be judged: scan status FAILED: the scan failed`,
      '',
    ]);
  });
});

test('formatTable pads every column but the last and flattens line breaks in cells', () => {
  expect(
    formatTable(
      ['A', 'B', 'C'],
      [
        ['long value', 'x', 'last\ncell'],
        ['y', 'wider b', 'z'],
      ],
    ),
  ).toEqual(['  A           B        C', '  long value  x        last cell', '  y           wider b  z']);
});

describe('gateSummary', () => {
  test('a judged scan: verdict, counts, ids and the policy', () => {
    const result = judged([
      finding({ id: 'CVE-B', severity: 'CRITICAL' }),
      finding({ id: 'CVE-B', severity: 'CRITICAL' }),
      finding({ id: 'CVE-A' }),
    ]);

    expect(gateSummary(result, IMAGE, POLICY)).toEqual({
      verdict: 'block',
      headline: verdictLine(result, IMAGE),
      repository: 'sample/app',
      digest: DIGEST,
      scanStatus: 'COMPLETE',
      counts: { CRITICAL: 2, HIGH: 1 },
      blocking: ['CVE-B'],
      allowlisted: ['CVE-A'],
      expiredAllowlist: [],
      unusedAllowlist: [],
      failOn: ['CRITICAL', 'HIGH'],
      onlyFixable: true,
    });
  });

  test('an unjudged scan carries the reason and the registry', () => {
    expect(gateSummary(unjudged, { ...IMAGE, registryId: '123456789012' }, POLICY)).toMatchObject({
      verdict: 'error',
      registryId: '123456789012',
      scanStatus: 'FAILED',
      reason: 'scan status FAILED: the scan failed',
      counts: {},
      blocking: [],
    });
  });
});
