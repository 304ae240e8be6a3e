import type { IPolicyValidationContext, IPolicyValidationPlugin, PolicyValidationPluginReport } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DISABLED_GUARD_RULES } from './guard-rules';

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

/** A guard rule file and its text. */
export interface RuleFile {
  readonly path: string;
  readonly text: string;
}

/**
 * The rule files that can judge a template holding `resourceTypes`. Every control selects its
 * resources by a type it names (`let S3_BUCKET_TYPE = "AWS::S3::Bucket"`), so a control naming none
 * of the types present finds nothing; a file naming no type at all is always kept.
 */
export function applicableRuleFiles(rules: readonly RuleFile[], resourceTypes: ReadonlySet<string>): string[] {
  return rules
    .filter((rule) => {
      const named = [...rule.text.matchAll(/"(AWS::[A-Za-z0-9]+::[A-Za-z0-9]+)"/g)].map((m) => m[1]);
      return named.length === 0 || named.some((type) => resourceTypes.has(type));
    })
    .map((rule) => rule.path);
}

/** The resource types of CloudFormation templates on disk. */
export function resourceTypesOf(templatePaths: readonly string[]): Set<string> {
  const types = new Set<string>();
  for (const path of templatePaths) {
    const template = JSON.parse(readFileSync(path, 'utf8')) as { Resources?: Record<string, { Type?: unknown }> };
    for (const resource of Object.values(template.Resources ?? {})) {
      if (typeof resource.Type === 'string') types.add(resource.Type);
    }
  }
  return types;
}

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
 * - only the controls that can apply to the resource types in the templates: the same findings,
 *   in a third of the time (cfn-guard evaluates every rule file against every template);
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
    const rules = applicableRuleFiles(this.rules, resourceTypesOf(context.templatePaths));
    if (rules.length === 0) return { success: true, violations: [] };
    const guard = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules, maxBuffer: GUARD_OUTPUT_LIMIT });
    const report = guard.validate(context);
    return { ...report, violations: report.violations.map((v) => ({ ...v, severity: v.severity ?? 'error' })) };
  }
}
