import { judgeFindings, NO_ID, type Finding, type ScanPolicy } from '../../../core/scan-gate';
import { finding } from './fixtures';

const NOW = new Date('2025-06-01T12:00:00Z');
const policy = (overrides: Partial<ScanPolicy> = {}): ScanPolicy => ({
  failOn: ['CRITICAL', 'HIGH'],
  onlyFixable: false,
  allowlist: [],
  ...overrides,
});
const entry = (id: string, expires: string) => ({ id, reason: 'not reachable from the service code', expires });
const blockingIds = (findings: Finding[], p: ScanPolicy) =>
  judgeFindings(findings, p, NOW).blocking.map((b) => b.finding.id);

describe('judgeFindings: severity thresholds', () => {
  const image = [
    finding({ id: 'CVE-C', severity: 'CRITICAL' }),
    finding({ id: 'CVE-H', severity: 'HIGH' }),
    finding({ id: 'CVE-M', severity: 'MEDIUM' }),
    finding({ id: 'CVE-L', severity: 'LOW' }),
    finding({ id: 'CVE-I', severity: 'INFORMATIONAL' }),
    finding({ id: 'CVE-U', severity: 'UNDEFINED' }),
  ];

  test.each<[ScanPolicy['failOn'], string[]]>([
    [
      ['CRITICAL', 'HIGH'],
      ['CVE-C', 'CVE-H'],
    ],
    [['CRITICAL'], ['CVE-C']],
    [['MEDIUM'], ['CVE-M']],
    [
      ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'],
      ['CVE-C', 'CVE-H', 'CVE-M', 'CVE-L', 'CVE-I', 'CVE-U'],
    ],
  ])('failOn %p blocks %p', (failOn, expected) => {
    expect(blockingIds(image, policy({ failOn }))).toEqual(expected);
  });

  test('no findings pass', () => {
    expect(judgeFindings([], policy(), NOW)).toMatchObject({ blocking: [], severityCounts: {} });
  });

  test('a finding below the threshold passes and says why', () => {
    const { passed } = judgeFindings([finding({ severity: 'MEDIUM' })], policy(), NOW);
    expect(passed.map((p) => p.why)).toEqual(['MEDIUM is not in failOn']);
  });

  test('an unknown severity blocks whatever failOn says: it cannot be shown to be below the threshold', () => {
    const { blocking } = judgeFindings(
      [finding({ id: 'CVE-X', severity: 'SEVERE' })],
      policy({ failOn: ['CRITICAL'] }),
      NOW,
    );
    expect(blocking).toEqual([{ finding: expect.objectContaining({ id: 'CVE-X' }), why: 'unknown severity SEVERE' }]);
  });

  test('blocking findings come most severe first, then by id', () => {
    const ids = blockingIds(
      [
        finding({ id: 'B', severity: 'HIGH' }),
        finding({ id: 'Z', severity: 'CRITICAL' }),
        finding({ id: 'A', severity: 'HIGH' }),
      ],
      policy(),
    );
    expect(ids).toEqual(['Z', 'A', 'B']);
  });
});

describe('judgeFindings: Inspector finding status', () => {
  test.each(['SUPPRESSED', 'CLOSED'])('%s findings neither block nor count as open', (status) => {
    const judgement = judgeFindings([finding({ severity: 'CRITICAL', status })], policy(), NOW);
    expect(judgement).toMatchObject({ blocking: [], severityCounts: {} });
    expect(judgement.passed[0].why).toBe(`${status.toLowerCase()} in Amazon Inspector`);
  });

  test('an unexpected finding status is treated as open', () => {
    expect(blockingIds([finding({ id: 'CVE-1', status: 'REOPENED' })], policy())).toEqual(['CVE-1']);
  });
});

describe('judgeFindings: onlyFixable', () => {
  const fixes = [
    finding({ id: 'CVE-YES', fixAvailable: 'YES' }),
    finding({ id: 'CVE-PARTIAL', fixAvailable: 'PARTIAL' }),
    finding({ id: 'CVE-NO', fixAvailable: 'NO' }),
    finding({ id: 'CVE-UNKNOWN', fixAvailable: 'UNKNOWN' }),
  ];

  test('off: every finding over the threshold blocks, fix or not', () => {
    expect(blockingIds(fixes, policy())).toEqual(['CVE-NO', 'CVE-PARTIAL', 'CVE-UNKNOWN', 'CVE-YES']);
  });

  test('on: YES and PARTIAL block, NO passes, and a missing fix answer is treated as fixable', () => {
    const judgement = judgeFindings(fixes, policy({ onlyFixable: true }), NOW);

    expect(judgement.blocking.map((b) => b.finding.id)).toEqual(['CVE-PARTIAL', 'CVE-UNKNOWN', 'CVE-YES']);
    expect(judgement.passed).toEqual([{ finding: fixes[2], why: 'no fix available (onlyFixable)' }]);
    expect(judgement.blocking.find((b) => b.finding.id === 'CVE-UNKNOWN')?.why).toBe(
      'HIGH is in failOn; no fix information, treated as fixable',
    );
    expect(judgement.fixUnknownTreatedAsFixable).toBe(1);
  });

  test('on, basic scanning: every finding lacks fix information, so all over the threshold block', () => {
    const basic = [
      finding({ id: 'CVE-1', source: 'basic', fixAvailable: 'UNKNOWN', severity: 'CRITICAL' }),
      finding({ id: 'CVE-2', source: 'basic', fixAvailable: 'UNKNOWN', severity: 'LOW' }),
    ];
    const judgement = judgeFindings(basic, policy({ onlyFixable: true }), NOW);

    expect(judgement.blocking.map((b) => b.finding.id)).toEqual(['CVE-1']);
    expect(judgement.fixUnknownTreatedAsFixable).toBe(1);
  });
});

describe('judgeFindings: allowlist', () => {
  test('a valid entry suppresses its finding and is reported with its expiry and reason', () => {
    const judgement = judgeFindings(
      [finding({ id: 'CVE-2024-0001' })],
      policy({ allowlist: [entry('cve-2024-0001', '2025-06-01')] }),
      NOW,
    );

    expect(judgement.blocking).toEqual([]);
    expect(judgement.allowlisted).toEqual([
      {
        finding: expect.objectContaining({ id: 'CVE-2024-0001' }),
        entry: entry('cve-2024-0001', '2025-06-01'),
        why: 'allowlisted until 2025-06-01: not reachable from the service code',
      },
    ]);
    expect(judgement.unusedEntries).toEqual([]);
  });

  test('an expired entry no longer suppresses, and the blocking row says it expired', () => {
    const judgement = judgeFindings(
      [finding({ id: 'CVE-2024-0001' })],
      policy({ allowlist: [entry('CVE-2024-0001', '2025-05-31')] }),
      NOW,
    );

    expect(judgement.blocking).toEqual([
      {
        finding: expect.objectContaining({ id: 'CVE-2024-0001' }),
        why: 'HIGH is in failOn; allowlist entry expired 2025-05-31',
      },
    ]);
    expect(judgement.expiredEntries).toEqual([
      { entry: entry('CVE-2024-0001', '2025-05-31'), blockedIds: ['CVE-2024-0001'] },
    ]);
  });

  test('a valid entry wins over an expired duplicate of the same id', () => {
    const allowlist = [entry('CVE-1', '2020-01-01'), entry('CVE-1', '2030-01-01')];
    const judgement = judgeFindings([finding({ id: 'CVE-1' })], policy({ allowlist }), NOW);

    expect(judgement.blocking).toEqual([]);
    expect(judgement.expiredEntries).toEqual([{ entry: allowlist[0], blockedIds: [] }]);
  });

  test('entries that suppressed nothing are unused, including one whose finding is under the threshold', () => {
    const allowlist = [entry('CVE-GONE', '2030-01-01'), entry('CVE-LOW', '2030-01-01'), entry('CVE-OLD', '2020-01-01')];
    const judgement = judgeFindings([finding({ id: 'CVE-LOW', severity: 'LOW' })], policy({ allowlist }), NOW);

    expect(judgement.unusedEntries.map((e) => e.id)).toEqual(['CVE-GONE', 'CVE-LOW']);
    expect(judgement.expiredEntries).toEqual([{ entry: allowlist[2], blockedIds: [] }]);
  });

  test('an entry suppresses every finding with its id (one CVE in several packages)', () => {
    const judgement = judgeFindings(
      [finding({ id: 'CVE-1', packageName: 'a' }), finding({ id: 'CVE-1', packageName: 'b' })],
      policy({ allowlist: [entry('CVE-1', '2030-01-01')] }),
      NOW,
    );
    expect(judgement.allowlisted).toHaveLength(2);
    expect(judgement.blocking).toEqual([]);
  });

  test('a finding without an id can never be allowlisted', () => {
    expect(blockingIds([finding({ id: NO_ID })], policy({ allowlist: [entry(NO_ID, '2030-01-01')] }))).toEqual([NO_ID]);
  });
});

test('severityCounts count every open finding, blocking or not', () => {
  const judgement = judgeFindings(
    [
      finding({ severity: 'CRITICAL' }),
      finding({ severity: 'LOW' }),
      finding({ severity: 'LOW' }),
      finding({ severity: 'HIGH', status: 'CLOSED' }),
      finding({ id: 'CVE-A', severity: 'HIGH' }),
    ],
    policy({ allowlist: [entry('CVE-A', '2030-01-01')] }),
    NOW,
  );
  expect(judgement.severityCounts).toEqual({ CRITICAL: 1, LOW: 2, HIGH: 1 });
});
