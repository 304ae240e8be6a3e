import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { DISABLED_GUARD_RULES } from './guard-rules';
import { type GuardTemplate, guardRuns, type RuleFile } from './guard-runs';

/** The Control Tower proactive controls bundled with `@cdklabs/cdk-validator-cfnguard`. */
const CONTROL_TOWER_RULES = join(
  dirname(require.resolve('@cdklabs/cdk-validator-cfnguard')),
  '..',
  'rules',
  'control-tower',
  'cfn-guard',
);

/** cfn-guard's JSON output grows with the templates; Node's 1 MB default would cut it off. */
const GUARD_OUTPUT_LIMIT = 64 * 1024 * 1024;

function controlTowerRuleFiles(dir = CONTROL_TOWER_RULES): RuleFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return controlTowerRuleFiles(path);
    return entry.name.endsWith('.guard') ? [{ path, text: readFileSync(path, 'utf8') }] : [];
  });
}

/**
 * The Control Tower controls through cfn-guard, as this app runs them:
 * - without the controls in `DISABLED_GUARD_RULES`;
 * - each control only over the resources of the types it names (./guard-runs.ts): the same findings, in a third of
 *   the time of one run of every control over every template;
 * - every violation an error. cfn-guard reports none with a severity, and once any guard finding is
 *   acknowledged CDK recomputes the verdict from the severities left, so an unacknowledged violation
 *   would otherwise no longer fail the synth.
 * Keeps the validator's name: acknowledgements are matched against `cdk-validator-cfnguard::<rule>`.
 */
export class ControlTowerGuard implements IPolicyValidationPlugin {
  readonly name: string;
  readonly version?: string;
  private readonly rules: RuleFile[];

  constructor() {
    const reference = new CfnGuardValidator({ controlTowerRulesEnabled: false });
    this.name = reference.name;
    this.version = reference.version;
    const disabled = new Set(DISABLED_GUARD_RULES.map((r) => `${r.file}.guard`));
    this.rules = controlTowerRuleFiles().filter((rule) => !disabled.has(basename(rule.path)));
    if (this.rules.length === 0) throw new Error(`no Control Tower guard rules found under ${CONTROL_TOWER_RULES}`);
  }

  validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const templates: GuardTemplate[] = context.templatePaths.map((path) => ({
      path,
      template: JSON.parse(readFileSync(path, 'utf8')) as GuardTemplate['template'],
    }));
    const runs = guardRuns(this.rules, templates);
    if (runs.length === 0) return { success: true, violations: [] };
    const scopedDir = mkdtempSync(join(tmpdir(), 'bluegreen-guard-'));
    try {
      const reports = runs.map((run, i) => {
        // cfn-guard names each violation's template by the file it read: the scoped copy's, mapped back here.
        const original = new Map<string, string>();
        const templatePaths = run.templates.map(({ path, scoped }, j) => {
          if (!scoped) return path;
          const copy = join(scopedDir, `${i}-${j}-${basename(path)}`);
          writeFileSync(copy, JSON.stringify(scoped));
          original.set(copy, path);
          return copy;
        });
        const guard = new CfnGuardValidator({
          controlTowerRulesEnabled: false,
          rules: [...run.rules],
          maxBuffer: GUARD_OUTPUT_LIMIT,
        });
        const report = guard.validate({ ...context, templatePaths });
        const violations = report.violations.map((v) => ({
          ...v,
          severity: v.severity ?? 'error',
          violatingResources: v.violatingResources.map((r) => ({
            ...r,
            templatePath: original.get(r.templatePath) ?? r.templatePath,
          })),
        }));
        return { success: report.success, violations };
      });
      // In rule order, whichever run found them.
      const violations = reports.flatMap((r) => r.violations).sort((a, b) => a.ruleName.localeCompare(b.ruleName));
      // A run cfn-guard judged non-compliant fails, even should the validator have read no violation out of it.
      return { success: reports.every((r) => r.success) && violations.length === 0, violations };
    } finally {
      rmSync(scopedDir, { recursive: true, force: true });
    }
  }
}
