import type { IPolicyValidationPluginBeta1 } from 'aws-cdk-lib';

/** The policy-as-code plugins every synth runs (cdk-nag and cfn-guard are wired in by the policy work). */
export function policyValidationPlugins(): IPolicyValidationPluginBeta1[] {
  return [];
}
