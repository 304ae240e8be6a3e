import type { Finding } from './rule';
import type { PreflightReport } from './run-preflight';

/** The report as people read it: findings grouped by severity, each with its location, fix and documentation link. */
export function formatReport(report: PreflightReport, assemblyDir: string): string {
  const docs = new Map(report.rules.map((r) => [r.id, r.docUrl]));
  const lines = [`preflight: ${report.rules.length} rules over ${report.stackCount} stacks in ${assemblyDir}`, ''];
  for (const [severity, title] of [
    ['error', 'errors'],
    ['warning', 'warnings'],
  ] as const) {
    const group = report.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push(`${title} (${group.length}):`);
    for (const finding of group) lines.push(...formatFinding(finding, docs.get(finding.ruleId)), '');
  }
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
}

function formatFinding(finding: Finding, docUrl: string | undefined): string[] {
  const where = [finding.stackName, finding.logicalId].filter((p) => p !== undefined).join(' ');
  const path = finding.constructPath === undefined ? '' : ` (${finding.constructPath})`;
  return [
    `  ${finding.severity === 'error' ? '✗' : '!'} [${finding.ruleId}] ${where}${path}`,
    `    ${finding.message}`,
    ...(finding.alsoAt === undefined ? [] : [`    also at: ${finding.alsoAt.join(', ')}`]),
    ...(docUrl === undefined ? [] : [`    see ${docUrl}`]),
  ];
}

function summary(report: PreflightReport): string {
  const counts = `${report.errorCount} error${report.errorCount === 1 ? '' : 's'}, ${report.warningCount} warning${report.warningCount === 1 ? '' : 's'}`;
  return report.errorCount > 0
    ? `${counts}: AWS would reject or mishandle this deployment`
    : `${counts}: no blocker found`;
}

/** The report as JSON for machines: every finding with its rule's title and documentation link. */
export function reportJson(report: PreflightReport, assemblyDir: string): string {
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  return `${JSON.stringify(
    {
      assembly: assemblyDir,
      stacks: report.stackCount,
      errors: report.errorCount,
      warnings: report.warningCount,
      rules: report.rules.map(({ id, severity, title, awsBehaviour, docUrl }) => ({
        id,
        severity,
        title,
        awsBehaviour,
        docUrl,
      })),
      findings: report.findings.map((f) => ({
        ...f,
        title: rules.get(f.ruleId)?.title,
        docUrl: rules.get(f.ruleId)?.docUrl,
      })),
    },
    null,
    2,
  )}\n`;
}
