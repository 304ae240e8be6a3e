import { assessSnapshot, normalizeReportedCounts } from '../../../core/scan-gate';
import { finding, snapshot } from './fixtures';

describe('assessSnapshot', () => {
  test('a COMPLETE scan with its completion time and consistent counts can be judged', () => {
    const result = assessSnapshot(snapshot({ findings: [finding()], reportedCounts: { HIGH: 1 } }));

    expect(result).toEqual({ action: 'judge', fingerprint: expect.any(String) });
  });

  test('ACTIVE (enhanced continuous scanning) can be judged like COMPLETE', () => {
    expect(assessSnapshot(snapshot({ status: 'ACTIVE' }))).toMatchObject({ action: 'judge' });
  });

  test.each(['IN_PROGRESS', 'PENDING'])('%s waits, naming the status and its description', (status) => {
    expect(assessSnapshot(snapshot({ status, description: 'scan in progress' }))).toEqual({
      action: 'wait',
      reason: `scan status ${status} (scan in progress)`,
    });
  });

  test('a failed status fails even when findings are present', () => {
    expect(assessSnapshot(snapshot({ status: 'FAILED', findings: [finding()] }))).toMatchObject({
      action: 'fail',
      reason: expect.stringContaining('scan status FAILED'),
    });
  });

  test('COMPLETE without imageScanCompletedAt waits: enhanced findings are not filled in yet', () => {
    expect(assessSnapshot(snapshot({ completedAt: undefined }))).toEqual({
      action: 'wait',
      reason: 'scan status COMPLETE but the findings are not filled in yet (no imageScanCompletedAt)',
    });
  });

  test('counts that report more findings than listed wait: passing on the listed ones could miss a CRITICAL', () => {
    const result = assessSnapshot(
      snapshot({ findings: [finding({ severity: 'HIGH' })], reportedCounts: { HIGH: 1, CRITICAL: 2 } }),
    );

    expect(result).toEqual({
      action: 'wait',
      reason: 'findingSeverityCounts report more findings than ECR listed: CRITICAL 2 counted, 0 listed',
    });
  });

  test('more findings listed than counted is judged: every listed finding is looked at', () => {
    const result = assessSnapshot(
      snapshot({ findings: [finding(), finding({ id: 'CVE-2' })], reportedCounts: { HIGH: 1 } }),
    );

    expect(result).toMatchObject({ action: 'judge' });
  });

  test('pages that disagreed wait for a clean read', () => {
    expect(assessSnapshot(snapshot({ pagesDisagree: 'scan status changed' }))).toEqual({
      action: 'wait',
      reason: 'scan status changed',
    });
  });

  test('the fingerprint ignores timestamps and finding order but not content', () => {
    const a = finding({ id: 'CVE-1' });
    const b = finding({ id: 'CVE-2', severity: 'LOW' });
    const print = (s: ReturnType<typeof snapshot>) => {
      const result = assessSnapshot(s);
      return result.action === 'judge' ? result.fingerprint : result.action;
    };

    expect(print(snapshot({ findings: [a, b] }))).toBe(
      print(snapshot({ findings: [b, a], completedAt: new Date('2030-01-01T00:00:00Z') })),
    );
    expect(print(snapshot({ findings: [a, b] }))).not.toBe(
      print(snapshot({ findings: [a, { ...b, severity: 'HIGH' }] })),
    );
    expect(print(snapshot({ findings: [a] }))).not.toBe(print(snapshot({ findings: [a, b] })));
  });
});

describe('normalizeReportedCounts', () => {
  test('normalizes severities and adds up UNTRIAGED into UNDEFINED', () => {
    expect(normalizeReportedCounts({ HIGH: 2, UNTRIAGED: 1, UNDEFINED: 1 })).toEqual({
      counts: { HIGH: 2, UNDEFINED: 2 },
    });
  });

  test('absent counts stay absent', () => {
    expect(normalizeReportedCounts(undefined)).toEqual({ counts: undefined });
  });

  test.each([-1, 1.5, Number.NaN])('a count of %p is a problem', (count) => {
    expect(normalizeReportedCounts({ HIGH: count })).toEqual({
      problem: expect.stringContaining('findingSeverityCounts.HIGH is'),
    });
  });
});
