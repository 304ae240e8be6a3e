import type { CloudAssembly } from './assembly-model';
import { toFinding, type Finding, type Rule, type RuleContext } from './rule';
import { PREFLIGHT_RULES } from './rules';

/** What a preflight run found, errors first. */
export interface PreflightReport {
  readonly rules: readonly Rule[];
  readonly stackCount: number;
  readonly findings: readonly Finding[];
  readonly errorCount: number;
  readonly warningCount: number;
}

/**
 * Runs every rule over the assembly. A rule that throws reports an error finding instead of stopping the
 * run: a check that could not run is not a pass.
 */
export function runPreflight(
  assembly: CloudAssembly,
  context: RuleContext,
  rules: readonly Rule[] = PREFLIGHT_RULES,
): PreflightReport {
  const findings = rules.flatMap((rule) => {
    try {
      return rule.check(assembly, context).map((found) => toFinding(rule, found));
    } catch (error) {
      return [crashFinding(rule, assembly, error)];
    }
  });
  const ordered = [...onePerProblem(findings)].sort(
    (a, b) =>
      severityRank(a) - severityRank(b) ||
      rules.findIndex((r) => r.id === a.ruleId) - rules.findIndex((r) => r.id === b.ruleId),
  );
  return {
    rules,
    stackCount: assembly.stacks.length,
    findings: ordered,
    errorCount: ordered.filter((f) => f.severity === 'error').length,
    warningCount: ordered.filter((f) => f.severity === 'warning').length,
  };
}

/** Findings of one rule with the same severity and message merged into the first, which lists the others' places. */
function onePerProblem(findings: readonly Finding[]): Finding[] {
  const byProblem = new Map<string, Finding>();
  for (const finding of findings) {
    const key = JSON.stringify([finding.ruleId, finding.severity, finding.message]);
    const first = byProblem.get(key);
    byProblem.set(key, first ? { ...first, alsoAt: [...(first.alsoAt ?? []), placeOf(finding)] } : finding);
  }
  return [...byProblem.values()];
}

const placeOf = (finding: Finding) => [finding.stackName, finding.logicalId].filter((p) => p !== undefined).join(' ');

const severityRank = (finding: Finding) => (finding.severity === 'error' ? 0 : 1);

function crashFinding(rule: Rule, assembly: CloudAssembly, error: unknown): Finding {
  return {
    ruleId: rule.id,
    severity: 'error',
    stackName: '(assembly)',
    artifactId: assembly.directory,
    message: `the rule could not run: ${error instanceof Error ? error.message : String(error)}`,
  };
}
