import type { IPolicyValidationPlugin } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ControlTowerGuard } from './control-tower-guard';

/**
 * The policy-as-code plugins every synth runs, for `Validations.of(app).addPlugins(...)`: cdk-nag's
 * AwsSolutions pack and the Control Tower proactive controls through cfn-guard. Both see every stack
 * of the app, nested stages and cross-account support stacks included; a finding that is neither fixed
 * nor acknowledged on its construct fails the synth, and both verdicts land in
 * cdk.out/validation-report.json with every acknowledged finding and its reason.
 */
export function policyValidationPlugins(): IPolicyValidationPlugin[] {
  return [new AwsSolutionsChecks(), new ControlTowerGuard()];
}
