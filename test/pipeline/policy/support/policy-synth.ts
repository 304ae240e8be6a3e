import { App, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';
import { policyValidationPlugins } from '../../../../pipeline/policy/policy-plugins';
import { testApp } from '../../../support/test-app';

/** The two plugins' names in a report (`policyValidationPlugins`). */
export const NAG = 'AwsSolutions';
export const GUARD = 'cdk-validator-cfnguard';

/**
 * Whether this run judges construct shapes with cfn-guard. `npm test` does not: the real cfn-guard binary costs
 * about as much CPU as the rest of the suite, so its verdicts run in the policy checks
 * (`npm run test:checks`, jest.checks.config.js, which sets this global), which CI runs on every commit.
 */
export const guardRun = (globalThis as { guardRun?: unknown }).guardRun === true;

/** A test of cfn-guard's verdicts: it runs in the policy checks and is reported skipped in `npm test`. */
export const guardTest: jest.It = guardRun ? test : test.skip;

/** The parts of cdk.out/validation-report.json the tests read. */
export interface ValidationReport {
  readonly pluginReports: PluginReport[];
}
export interface PluginReport {
  readonly pluginName: string;
  readonly conclusion: 'success' | 'failure';
  readonly violations: Finding[];
  readonly suppressedViolations?: (Finding & { readonly acknowledgedId: string; readonly reason: string })[];
}
export interface Finding {
  readonly ruleName: string;
  readonly violatingConstructs: { readonly constructPath: string }[];
}

export interface PolicySynth {
  readonly app: App;
  /** The cloud assembly directory. */
  readonly outdir: string;
  /** The error synth threw (a failed validation throws in a test process), if any. */
  readonly error?: Error;
  /** Undefined when synth wrote no report. */
  readonly report?: ValidationReport;
  /** Removes the cloud assembly. */
  readonly dispose: () => void;
}

export interface PolicySynthOptions {
  /** Run cdk-nag and cfn-guard. @default true */
  readonly plugins?: boolean;
}

/**
 * Synthesizes an app with the cdk.json feature flags and the policy plugins of `pipeline/main.ts`
 * (cdk-nag and cfn-guard, the two reports `npm start` writes; cfn-guard only in the policy checks' run,
 * `guardRun`) into a temporary directory, in a `testApp()`: no asset bundling (the plugins judge the
 * templates, not the bundles) and no built-in CloudFormation validation, which the report `npm start`
 * writes does not list; test/e2e/cdk-synth.check.ts runs the real `cdk synth`.
 */
export function synthesizeWithPolicy(build: (app: App) => void, options: PolicySynthOptions = {}): PolicySynth {
  const outdir = mkdtempSync(join(tmpdir(), 'policy-synth-'));
  const app = testApp({ outdir });
  if (options.plugins ?? true) {
    const plugins = policyValidationPlugins().filter((plugin) => guardRun || plugin instanceof AwsSolutionsChecks);
    Validations.of(app).addPlugins(...plugins);
  }
  build(app);
  let error: Error | undefined;
  try {
    app.synth();
  } catch (e) {
    error = e as Error;
  }
  const reportFile = join(outdir, 'validation-report.json');
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as ValidationReport)
    : undefined;
  return { app, outdir, error, report, dispose: () => rmSync(outdir, { recursive: true, force: true }) };
}

export function pluginReport(report: ValidationReport | undefined, pluginName: string): PluginReport {
  const found = report?.pluginReports.find((r) => r.pluginName === pluginName);
  if (!found) {
    throw new Error(`no ${pluginName} report (reports: ${report?.pluginReports.map((r) => r.pluginName).join(', ')})`);
  }
  return found;
}

/** `rule @ construct path` for every finding of a list, for readable assertions. */
export function findingsOf(findings: readonly Finding[]): string[] {
  return findings.flatMap((f) => f.violatingConstructs.map((c) => `${f.ruleName} @ ${c.constructPath}`));
}

/** Every acknowledgement recorded in the construct tree: id, reason and the construct it is on. */
export function acknowledgementsIn(root: IConstruct): { id: string; reason: string; construct: IConstruct }[] {
  return root.node
    .findAll()
    .flatMap((construct) =>
      construct.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason, construct })),
        ),
    );
}

/** The synth passed and the plugin `name` (NAG or GUARD) concluded success with nothing left open. */
export function expectGatePasses(synth: PolicySynth, name: typeof NAG | typeof GUARD): void {
  expect(synth.error?.message).toBeUndefined();
  const report = pluginReport(synth.report, name);
  expect({ name, open: findingsOf(report.violations), conclusion: report.conclusion }).toEqual({
    name,
    open: [],
    conclusion: 'success',
  });
}
