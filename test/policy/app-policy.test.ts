import { App, Stack, Stage } from 'aws-cdk-lib';
import { DeliveryPipelineStack } from '../../pipeline/delivery/delivery-pipeline-stack';
import { shippedGuardrails, threeEnvironments } from '../support/configs';
import { synthesizingFor } from '../support/synthesized';
import {
  acknowledgementsIn,
  findingsOf,
  pluginReport,
  synthesizeWithPolicy,
  templatesOf,
  type PolicySynth,
} from './support/policy-synth';

/** The two reports `npm start` writes to cdk.out/validation-report.json (test/cli/cdk-synth.test.ts reads them). */
const PLUGINS = ['AwsSolutions', 'cdk-validator-cfnguard'];
/** Acknowledgements this app makes; CDK records a few of its own (e.g. on flow logs), which are not judged here. */
const OURS = /^(AwsSolutions::|cdk-validator-cfnguard::|CloudFormation-Validate::W3010$)/;
/** The acknowledgements those two plugins judge, so the ones a stale check can hold to account. */
const JUDGED_HERE = /^(AwsSolutions::|cdk-validator-cfnguard::)/;

// GIVEN the shipped configuration plus a dev environment in another account and region, which makes CDK
// add an artifact replication bucket in that region, and custom canary and linear deployment configs
// (threeEnvironments in support/configs.ts): everything the shipped configuration has and more, so one
// synthesis judges it all. test/cli/cdk-synth.test.ts runs the shipped configuration through the CLI.
// Synthesized with the cdk.json feature flags and the two policy plugins of `npm start` (cdk-nag,
// cfn-guard), without CDK's built-in CloudFormation validation, which the CLI's report does not list.
let synth: PolicySynth;
beforeAll(() => {
  const config = threeEnvironments();
  let stack: DeliveryPipelineStack | undefined;
  // The same templates synthesized(config) makes: other files read them instead of synthesizing again.
  synth = synthesizingFor(
    config,
    'commit-1',
    () =>
      synthesizeWithPolicy((app) => {
        stack = new DeliveryPipelineStack(app, `${config.application}-pipeline`, {
          env: { account: config.pipeline.account, region: config.pipeline.region },
          config,
          imageTag: 'commit-1',
          guardrails: shippedGuardrails(),
        });
      }),
    (result) => templatesOf(result, stack!),
  );
});
afterAll(() => synth.dispose());

test('synthesizes, and cdk-nag and cfn-guard both conclude success with no open finding, across regions too', () => {
  expect(synth.error?.message).toBeUndefined();
  for (const name of PLUGINS) {
    const report = pluginReport(synth.report, name);
    expect({ name, open: findingsOf(report.violations) }).toEqual({ name, open: [] });
    expect(report.conclusion).toBe('success');
  }
});

test('judges every stack: the pipeline, each environment and the cross-region support stack (no cross-account support stacks)', () => {
  const stacks = synth.app.node.findAll().filter(Stack.isStack);
  expect(stacks.map((s) => s.node.path).sort()).toEqual([
    'cross-region-stack-111111111111:eu-central-1',
    'sample-pipeline',
    'sample-pipeline/dev/Service',
    'sample-pipeline/prod/Service',
    'sample-pipeline/staging/Service',
  ]);
  const stackOf = (path: string) =>
    stacks.filter((s) => path.startsWith(`${s.node.path}/`)).sort((a, b) => b.node.path.length - a.node.path.length)[0]
      ?.node.path;
  // A stack was judged when a plugin found something in it, even if acknowledged.
  const judged = new Set(
    PLUGINS.flatMap((name) => pluginReport(synth.report, name).suppressedViolations ?? [])
      .flatMap((f) => f.violatingConstructs)
      .map((c) => stackOf(c.constructPath)),
  );
  expect([...judged].sort()).toEqual(stacks.map((s) => s.node.path).sort());
});

test('acknowledges on constructs only, never on a stack, a stage or the app, each time with a reason', () => {
  const ours = acknowledgementsIn(synth.app).filter((a) => OURS.test(a.id));
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
  const suppressed = synth.report!.pluginReports.flatMap((r) =>
    (r.suppressedViolations ?? []).flatMap((f) =>
      f.violatingConstructs.map((c) => ({ id: f.acknowledgedId, path: c.constructPath })),
    ),
  );
  const stale = acknowledgementsIn(synth.app)
    .filter((a) => JUDGED_HERE.test(a.id))
    .filter(
      ({ id, construct }) =>
        !suppressed.some(
          (s) => s.id === id && (s.path === construct.node.path || s.path.startsWith(`${construct.node.path}/`)),
        ),
    )
    .map(({ id, construct }) => `${id} on ${construct.node.path}`);
  expect(stale).toEqual([]);
});

test('keeps the replication bucket like the artifact bucket: versioned, expiring, logged, its key guarded', () => {
  const guard = pluginReport(synth.report, 'cdk-validator-cfnguard');
  const acknowledged = findingsOf(guard.suppressedViolations ?? []).filter((f) => f.includes('cross-region-stack'));
  // Only the log bucket at the end of the logging chain is excused, and only for what it cannot be.
  expect(acknowledged.sort()).toEqual([
    's3_bucket_default_encryption_kms_check @ cross-region-stack-111111111111:eu-central-1/ReplicationAccessLogs/Resource',
    's3_bucket_logging_enabled_check @ cross-region-stack-111111111111:eu-central-1/ReplicationAccessLogs/Resource',
  ]);
});
