import type { ChecksReport, CheckResult } from './check-result';

const HEADER = ['CHECK', 'ATTEMPTS', 'STATUS', 'LATENCY', 'RESULT'] as const;

/** The report as a plain-text table with a summary line, as `bluegreen check` prints it. */
export function formatChecksTable(report: ChecksReport): string {
  const rows = report.results.map(row);
  const widths = HEADER.map((title, column) => Math.max(title.length, ...rows.map((r) => r[column].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  const failed = report.results.filter((r) => !r.passed).length;
  const total = report.results.length;
  const summary = failed === 0 ? `${total} of ${total} checks passed` : `${failed} of ${total} checks failed`;
  return [line(HEADER), ...rows.map(line), '', summary, ''].join('\n');
}

function row(result: CheckResult): string[] {
  return [
    result.name,
    `${result.attempts}/${result.maxAttempts}`,
    result.status === undefined ? '-' : String(result.status),
    result.latencyMs === undefined ? '-' : `${Math.round(result.latencyMs)} ms`,
    result.passed ? 'pass' : `FAIL: ${result.reason ?? 'unknown'}`,
  ];
}
