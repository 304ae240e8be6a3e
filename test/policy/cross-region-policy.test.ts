import { DeliveryPipelineStack } from '../../pipeline/delivery/delivery-pipeline-stack';
import { threeEnvironments } from '../support/configs';
import { findingsOf, pluginReport, synthesizeWithPolicy, type PolicySynth } from './support/policy-synth';

// GIVEN the shipped configuration plus an environment in another account and another region, which
// makes CDK add an artifact replication bucket in that region (a stack the shipped config lacks), and
// custom canary and linear deployment configs (support/configs.ts).
let synth: PolicySynth;
beforeAll(() => {
  const config = threeEnvironments();
  synth = synthesizeWithPolicy((app) => {
    new DeliveryPipelineStack(app, `${config.application}-pipeline`, {
      env: { account: config.pipeline.account, region: config.pipeline.region },
      config,
      imageTag: 'commit-1',
    });
  });
});
afterAll(() => synth.dispose());

test('passes both policy gates with an environment in another region', () => {
  expect(synth.error?.message).toBeUndefined();
  for (const name of ['AwsSolutions', 'cdk-validator-cfnguard']) {
    expect({ name, open: findingsOf(pluginReport(synth.report, name).violations) }).toEqual({ name, open: [] });
  }
});

test('keeps the replication bucket like the artifact bucket: versioned, expiring, logged, its key guarded', () => {
  const stack = synth.app.node.tryFindChild('cross-region-stack-111111111111:eu-central-1');
  expect(stack).toBeDefined();
  const guard = pluginReport(synth.report, 'cdk-validator-cfnguard');
  const acknowledged = findingsOf(guard.suppressedViolations ?? []).filter((f) => f.includes('cross-region-stack'));
  // Only the log bucket at the end of the logging chain is excused, and only for what it cannot be.
  expect(acknowledged.sort()).toEqual([
    's3_bucket_default_encryption_kms_check @ cross-region-stack-111111111111:eu-central-1/ReplicationAccessLogs/Resource',
    's3_bucket_logging_enabled_check @ cross-region-stack-111111111111:eu-central-1/ReplicationAccessLogs/Resource',
  ]);
});
