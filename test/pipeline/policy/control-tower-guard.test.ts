import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ControlTowerGuard } from '../../../pipeline/policy/control-tower-guard';
import { DISABLED_GUARD_RULES } from '../../../pipeline/policy/guard-rules';
import { guardTest, synthesizeWithPolicy } from './support/policy-synth';

// Scoping each control to the resources it names must not change what cfn-guard finds: compare it with every
// bundled control, on a stack of resource types the controls judge differently.
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
    // Named by the templates cdk synth wrote, not the scoped copies cfn-guard read.
    const named = selected.violations.flatMap((v) => v.violatingResources.map((r) => r.templatePath));
    expect(new Set(named)).toEqual(new Set(templatePaths));
    expect(selected.success).toBe(false);
    expect(selected.violations.every((v) => v.severity === 'error')).toBe(true);
  } finally {
    synth.dispose();
  }
});
