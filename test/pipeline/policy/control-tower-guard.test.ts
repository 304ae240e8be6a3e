import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { applicableRuleFiles, ControlTowerGuard, resourceTypesOf } from '../../../pipeline/policy/control-tower-guard';
import { DISABLED_GUARD_RULES } from '../../../pipeline/policy/guard-rules';
import { guardTest, synthesizeWithPolicy } from './support/policy-synth';

const rule = (path: string, ...types: string[]) => ({
  path,
  text: `${types.map((t, i) => `let T${i} = "${t}"`).join('\n')}\nrule ${path} { Resources.*[ Type == %T0 ] }`,
});

describe('applicableRuleFiles', () => {
  test.each([
    ['a type the templates hold', true, rule('bucket', 'AWS::S3::Bucket')],
    ['only types the templates lack', false, rule('table', 'AWS::DynamoDB::Table')],
    ['several types, one of them held', true, rule('lb', 'AWS::ElasticLoadBalancing::LoadBalancer', 'AWS::S3::Bucket')],
    ['no type at all', true, { path: 'untyped', text: 'rule untyped { Resources exists }' }],
  ])('given a rule naming %s, keeps it: %s', (_case, kept, ruleFile) => {
    const selected = applicableRuleFiles([ruleFile], new Set(['AWS::S3::Bucket', 'AWS::IAM::Role']));
    expect(selected).toEqual(kept ? [ruleFile.path] : []);
  });
});

// The selection must not change what cfn-guard finds: compare it with every bundled control, on a
// stack of resource types the controls judge differently.
guardTest('finds exactly what the full Control Tower rule set finds, minus the disabled rules', () => {
  const synth = synthesizeWithPolicy(
    (app) => {
      const stack = new Stack(app, 'Sample', { env: { account: '111111111111', region: 'eu-west-1' } });
      new s3.Bucket(stack, 'Bucket');
      new sqs.Queue(stack, 'Queue');
      new logs.LogGroup(stack, 'Logs');
      const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      role.addToPolicy(new iam.PolicyStatement({ actions: ['sqs:*'], resources: ['*'] }));
    },
    { plugins: false },
  );
  try {
    const templatePaths = readdirSync(synth.outdir)
      .filter((f) => f.endsWith('.template.json'))
      .map((f) => join(synth.outdir, f));
    expect(resourceTypesOf(templatePaths)).toEqual(
      new Set(['AWS::S3::Bucket', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::IAM::Role', 'AWS::IAM::Policy']),
    );
    const context = {
      templatePaths,
      stackTemplates: templatePaths.map((templatePath) => ({
        stackConstructPath: 'Sample',
        templatePath,
        accountId: '111111111111',
        region: 'eu-west-1',
      })),
      appConstruct: synth.app,
    };
    const findings = (report: {
      violations: { ruleName: string; violatingResources: { resourceLogicalId?: string }[] }[];
    }) =>
      report.violations
        .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} @ ${r.resourceLogicalId}`))
        .sort();
    const full = new CfnGuardValidator({ disabledRules: DISABLED_GUARD_RULES.map((r) => r.file) }).validate(context);
    const selected = new ControlTowerGuard().validate(context);
    expect(findings(selected).length).toBeGreaterThan(3);
    expect(findings(selected)).toEqual(findings(full));
    expect(selected.success).toBe(false);
    expect(selected.violations.every((v) => v.severity === 'error')).toBe(true);
  } finally {
    synth.dispose();
  }
});
