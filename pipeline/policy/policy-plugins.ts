import { type IPolicyValidationPlugin } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { AwsSolutionsChecks } from 'cdk-nag';

export function policyValidationPlugins(): IPolicyValidationPlugin[] {
  return [new AwsSolutionsChecks(), new CfnGuardValidator({ disabledRules: [] })];
}
