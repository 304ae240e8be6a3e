import { App, Stack, Stage } from 'aws-cdk-lib';
import { DeliveryPipelineStack } from '../../pipeline/delivery/delivery-pipeline-stack';
import { shippedConfig } from '../support/configs';
import {
  acknowledgementsIn,
  findingsOf,
  pluginReport,
  synthesizeWithPolicy,
  type PolicySynth,
} from './support/policy-synth';

/** The two reports `npm start` writes to cdk.out/validation-report.json (test/cli/cdk-synth.test.ts reads them). */
const PLUGINS = ['AwsSolutions', 'cdk-validator-cfnguard'];
/** Acknowledgements this app makes; CDK records a few of its own (e.g. on flow logs), which are not judged here. */
const OURS = /^(AwsSolutions::|cdk-validator-cfnguard::|CloudFormation-Validate::W3010$)/;
/** The acknowledgements those two plugins judge, so the ones a stale check can hold to account. */
const JUDGED_HERE = /^(AwsSolutions::|cdk-validator-cfnguard::)/;

// GIVEN the shipped configuration, synthesized once with the cdk.json feature flags and the two policy
// plugins of `npm start` (cdk-nag, cfn-guard), without CDK's built-in CloudFormation validation, which
// the CLI's report does not list either.
let synth: PolicySynth;
beforeAll(() => {
  const config = shippedConfig();
  synth = synthesizeWithPolicy((app) => {
    new DeliveryPipelineStack(app, `${config.application}-pipeline`, {
      env: { account: config.pipeline.account, region: config.pipeline.region },
      config,
      imageTag: 'commit-1',
    });
  });
});
afterAll(() => synth.dispose());

test('synthesizes, and cdk-nag and cfn-guard both conclude success with no open finding', () => {
  expect(synth.error?.message).toBeUndefined();
  for (const name of PLUGINS) {
    const report = pluginReport(synth.report, name);
    expect({ name, open: findingsOf(report.violations) }).toEqual({ name, open: [] });
    expect(report.conclusion).toBe('success');
  }
});

test('judges every stack: the pipeline, each environment and each cross-account support stack', () => {
  const stacks = synth.app.node.findAll().filter(Stack.isStack);
  expect(stacks.map((s) => s.node.path).sort()).toEqual([
    'cross-account-support-stack-222222222222',
    'cross-account-support-stack-333333333333',
    'sample-pipeline',
    'sample-pipeline/prod/Service',
    'sample-pipeline/staging/Service',
  ]);
  const stackOf = (path: string) =>
    stacks.filter((s) => path.startsWith(`${s.node.path}/`)).sort((a, b) => b.node.path.length - a.node.path.length)[0]
      ?.node.path;
  const judged = new Set(
    pluginReport(synth.report, 'AwsSolutions')
      .suppressedViolations?.flatMap((f) => f.violatingConstructs)
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
