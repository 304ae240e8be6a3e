import { App, Stack, Stage } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAssembly } from '../../core/preflight';
import { ControlTowerGuard } from '../../pipeline/policy/control-tower-guard';
import { DISABLED_GUARD_RULES } from '../../pipeline/policy/guard-rules';
import { CLI_TIMEOUT_MS, cliSynthesized, type CliSynthesis } from '../support/cli-synth';
import { threeEnvironments, threeEnvironmentsYaml } from '../support/configs';
import { synthesizeApp } from '../support/synth';
import {
  acknowledgementsIn,
  findingsOf,
  pluginReport,
  type ValidationReport,
} from '../pipeline/policy/support/policy-synth';

/** The two reports `npm start` writes to cdk.out/validation-report.json. */
const PLUGINS = ['AwsSolutions', 'cdk-validator-cfnguard'];
/** Acknowledgements this app makes; CDK records a few of its own (e.g. on flow logs), which are not judged here. */
const OURS = /^(AwsSolutions::|cdk-validator-cfnguard::|CloudFormation-Validate::W3010$)/;
/** The acknowledgements those two plugins judge, so the ones a stale check can hold to account. */
const JUDGED_HERE = /^(AwsSolutions::|cdk-validator-cfnguard::)/;

// GIVEN the shipped configuration plus a dev environment in another account and region, which makes CDK
// add an artifact replication bucket in that region, and custom canary and linear deployment configs
// (threeEnvironments in support/configs.ts): everything the shipped configuration has and more, so one
// synthesis judges it all.
// WHEN the real `cdk synth` runs it as `npm start` does, with cdk-nag and cfn-guard (the run
// test/e2e/cdk-synth.check.ts checks; whichever file asks first makes it), and the same app is built here
// for its construct tree, where the acknowledgements are (the assembly records only those inside stacks).
let synth: CliSynthesis;
let report: ValidationReport;
let app: App;
beforeAll(() => {
  synth = cliSynthesized(threeEnvironmentsYaml());
  report = JSON.parse(readFileSync(join(synth.outdir, 'validation-report.json'), 'utf8'));
  app = synthesizeApp(threeEnvironments()).stack.node.root as App;
}, CLI_TIMEOUT_MS + 10_000);

test('synthesizes, and cdk-nag and cfn-guard both conclude success with no open finding, across regions too', () => {
  expect({ status: synth.status, stderr: synth.stderr.slice(-2000) }).toMatchObject({ status: 0 });
  for (const name of PLUGINS) {
    const plugin = pluginReport(report, name);
    expect({ name, open: findingsOf(plugin.violations) }).toEqual({ name, open: [] });
    expect(plugin.conclusion).toBe('success');
  }
});

/** The suppressed findings of both plugins, one per violating construct. */
const suppressed = () =>
  report.pluginReports.flatMap((r) =>
    (r.suppressedViolations ?? []).flatMap((f) =>
      f.violatingConstructs.map((c) => ({ id: f.acknowledgedId, path: c.constructPath })),
    ),
  );

test('judges every stack: the pipeline, the release pipeline, each environment and its access stack, the cross-region support stack and the image copies', () => {
  const stacks = loadAssembly(synth.outdir)
    .stacks.map((s) => s.displayName)
    .sort();
  expect(stacks).toEqual([
    'cross-region-stack-111111111111:eu-central-1',
    'sample-dev-access',
    'sample-images-eu-central-1',
    'sample-pipeline',
    'sample-pipeline/dev/Service',
    'sample-pipeline/prod/Service',
    'sample-pipeline/staging/Service',
    'sample-prod-access',
    'sample-release',
    'sample-staging-access',
  ]);
  const stackOf = (path: string) =>
    stacks.filter((s) => path.startsWith(`${s}/`)).sort((a, b) => b.length - a.length)[0];
  // A stack was judged when a plugin found something in it, even if acknowledged. The image copies' stack and the
  // access stacks hold nothing to acknowledge (repositories and keys; one role and its trust): a finding there would be
  // open, and the first test finds none.
  const judged = new Set(suppressed().map((s) => stackOf(s.path)));
  expect([...judged].sort()).toEqual(
    stacks.filter((s) => s !== 'sample-images-eu-central-1' && !s.endsWith('-access')),
  );
});

test('acknowledges on constructs only, never on a stack, a stage or the app, each time with a reason', () => {
  const ours = acknowledgementsIn(app).filter((a) => OURS.test(a.id));
  expect(ours.length).toBeGreaterThan(0);
  for (const { id, reason, construct } of ours) {
    const where = `${id} on ${construct.node.path}`;
    expect({ where, scope: Stack.isStack(construct) || Stage.isStage(construct) || App.isApp(construct) }).toEqual({
      where,
      scope: false,
    });
    expect({ where, reason: reason.length >= 30 }).toEqual({ where, reason: true });
  }
  // IAM5 is accepted wildcard by wildcard, never as a whole rule.
  expect(ours.filter((a) => a.id === 'AwsSolutions::AwsSolutions-IAM5')).toEqual([]);
});

test('uses every cdk-nag and cfn-guard acknowledgement it makes: none is stale', () => {
  const used = suppressed();
  const stale = acknowledgementsIn(app)
    .filter((a) => JUDGED_HERE.test(a.id))
    .map(({ id, construct }) => ({ id, path: construct.node.path }))
    .filter(({ id, path }) => !used.some((s) => s.id === id && (s.path === path || s.path.startsWith(`${path}/`))))
    .map(({ id, path }) => `${id} on ${path}`);
  expect(stale).toEqual([]);
});

test('keeps the replication bucket like the artifact bucket: versioned, expiring, logged, its key guarded', () => {
  const guard = pluginReport(report, 'cdk-validator-cfnguard');
  const acknowledged = findingsOf(guard.suppressedViolations ?? []).filter((f) => f.includes('cross-region-stack'));
  // Only the log bucket at the end of the logging chain is excused, and only for what it cannot be.
  expect(acknowledged.sort()).toEqual([
    's3_bucket_default_encryption_kms_check @ cross-region-stack-111111111111:eu-central-1/ReplicationAccessLogs/Resource',
    's3_bucket_logging_enabled_check @ cross-region-stack-111111111111:eu-central-1/ReplicationAccessLogs/Resource',
  ]);
});

// The app's cfn-guard plugin gives each control only the resources of the types it names (pipeline/policy/guard-runs.ts).
// On every template of this app, that finds exactly what one cfn-guard run of every control over whole templates
// finds: the same rule, resource and property paths, each named by the template cdk synth wrote.
test('scoped cfn-guard runs find what one run of every control over the whole templates finds', () => {
  const templatePaths = readdirSync(synth.outdir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.template.json'))
    .map((f) => join(synth.outdir, f));
  expect(templatePaths.length).toBeGreaterThan(4);
  const context = { templatePaths } as Parameters<ControlTowerGuard['validate']>[0];
  const findings = (report: ReturnType<ControlTowerGuard['validate']>) =>
    report.violations
      .flatMap((v) =>
        v.violatingResources.map((r) => `${v.ruleName} ${r.templatePath} ${r.resourceLogicalId} ${r.locations}`),
      )
      .sort();
  const whole = new CfnGuardValidator({
    disabledRules: DISABLED_GUARD_RULES.map((r) => r.file),
    maxBuffer: 64 * 1024 * 1024,
  }).validate(context);
  const scoped = new ControlTowerGuard().validate(context);
  // Acknowledged findings are still violations here (acknowledging happens in CDK), so both runs have some.
  expect(findings(whole).length).toBeGreaterThan(10);
  expect(findings(scoped)).toEqual(findings(whole));
});
