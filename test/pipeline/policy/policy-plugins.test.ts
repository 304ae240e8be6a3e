import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { acknowledgeGuardRule, acknowledgeWildcards } from '../../../pipeline/policy/acknowledge';
import { DISABLED_GUARD_RULES } from '../../../pipeline/policy/guard-rules';
import { findingsOf, guardTest, pluginReport, synthesizeWithPolicy, type PolicySynth } from './support/policy-synth';

// GIVEN a stack with two identical roles holding a wildcard and two identical buckets without
// versioning, where only the first of each pair is acknowledged.
let synth: PolicySynth;
beforeAll(() => {
  synth = synthesizeWithPolicy((app) => {
    const stack = new Stack(app, 'Gate', { env: { account: '111111111111', region: 'eu-west-1' } });
    for (const id of ['AcknowledgedRole', 'OpenRole']) {
      const role = new iam.Role(stack, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    }
    for (const id of ['AcknowledgedBucket', 'OpenBucket']) new s3.Bucket(stack, id);
    acknowledgeWildcards(stack.node.findChild('AcknowledgedRole'), 'Test: reads any object', [{ resource: '*' }]);
    acknowledgeGuardRule(
      stack.node.findChild('AcknowledgedBucket'),
      's3_bucket_versioning_enabled_check',
      'Test: scratch',
    );
  });
});
afterAll(() => synth.dispose());

test('fails the synth while a finding is open, naming it', () => {
  expect(synth.error?.message).toContain('Gate/OpenRole/DefaultPolicy/Resource');
  expect(synth.error?.message).toContain("Acknowledge with 'AwsSolutions::AwsSolutions-IAM5[Resource::*]'");
});

test('names an open cdk-nag finding by rule and construct, wildcard by wildcard', () => {
  const nag = pluginReport(synth.report, 'AwsSolutions');
  expect(nag.conclusion).toBe('failure');
  expect(findingsOf(nag.violations)).toContain('AwsSolutions-IAM5[Resource::*] @ Gate/OpenRole/DefaultPolicy/Resource');
  expect(findingsOf(nag.violations)).not.toContain(
    'AwsSolutions-IAM5[Resource::*] @ Gate/AcknowledgedRole/DefaultPolicy/Resource',
  );
});

test('lists an acknowledged finding, with its reason, apart from the open ones', () => {
  const suppressed = pluginReport(synth.report, 'AwsSolutions').suppressedViolations ?? [];
  expect(suppressed).toEqual([
    expect.objectContaining({
      acknowledgedId: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
      reason: 'Test: reads any object',
      violatingConstructs: [expect.objectContaining({ constructPath: 'Gate/AcknowledgedRole/DefaultPolicy/Resource' })],
    }),
  ]);
});

guardTest('fails on a guard finding even when the same rule is acknowledged on another construct', () => {
  const guard = pluginReport(synth.report, 'cdk-validator-cfnguard');
  expect(guard.conclusion).toBe('failure');
  const open = findingsOf(guard.violations);
  expect(open).toContain('s3_bucket_versioning_enabled_check @ Gate/OpenBucket/Resource');
  expect(open).not.toContain('s3_bucket_versioning_enabled_check @ Gate/AcknowledgedBucket/Resource');
  expect(findingsOf(guard.suppressedViolations ?? [])).toEqual([
    's3_bucket_versioning_enabled_check @ Gate/AcknowledgedBucket/Resource',
  ]);
});

guardTest('does not run the disabled guard rules', () => {
  const rules = new Set(pluginReport(synth.report, 'cdk-validator-cfnguard').violations.map((v) => v.ruleName));
  expect(rules.size).toBeGreaterThan(0);
  for (const disabled of DISABLED_GUARD_RULES) expect(rules).not.toContain(disabled.rule);
});

describe('the disabled guard rules', () => {
  const rulesDir = join(dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules');
  const ruleFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? ruleFiles(join(dir, e.name)) : [join(dir, e.name)],
    );
  const files = ruleFiles(rulesDir);

  test.each(DISABLED_GUARD_RULES.map((r) => [r.file, r] as const))(
    '%s is a bundled control with that id and rule name, disabled for a reason',
    (_file, disabled) => {
      const file = files.find((f) => f.endsWith(`/${disabled.file}.guard`));
      expect(file).toBeDefined();
      const text = readFileSync(file!, 'utf8');
      expect(text).toContain(`rule ${disabled.rule} `);
      expect(text).toContain(`[${disabled.control}]`);
      expect(disabled.reason.length).toBeGreaterThanOrEqual(60);
    },
  );
});
