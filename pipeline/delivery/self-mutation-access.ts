import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as pipelines from 'aws-cdk-lib/pipelines';
import { BOOTSTRAP_QUALIFIER } from '../../model/naming';
import { acknowledgeWildcards } from '../policy/acknowledge';

/**
 * Self-mutation runs `cdk deploy <pipeline stack>`, which deploys the stacks that stack depends on first: the unprotected
 * environments' access stacks, whose action roles must exist before the pipeline (EnvironmentAccessStack). CDK
 * Pipelines lets its role assume the tools account's bootstrap roles only (aws-cdk#16374). The grant is not a list of
 * accounts: the pipeline stack that would list a new environment's account is deployed only after that environment's
 * access stack, so a list would stop every self-mutation once an account or region is added. It is CDK's own form
 * (bootstrap roles by their `aws-cdk:bootstrap-role` tag) for the deploy and file-publishing roles of any account,
 * but never of a protected account or the release account (`aws:ResourceAccount`): theirs must never trust the tools
 * account, and this keeps a mistaken `--trust` from opening them to a commit.
 */
export function letSelfMutationDeployAccessStacks(
  pipeline: pipelines.CodePipeline,
  excludedAccounts: readonly string[],
): void {
  const role = pipeline.selfMutationProject.role;
  if (role === undefined) return;
  const bootstrapRoles = `arn:${Stack.of(pipeline).partition}:iam::*:role/cdk-${BOOTSTRAP_QUALIFIER}-*`;
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['sts:AssumeRole'],
      resources: [bootstrapRoles],
      conditions: {
        'ForAnyValue:StringEquals': { 'iam:ResourceTag/aws-cdk:bootstrap-role': ['deploy', 'file-publishing'] },
        ...(excludedAccounts.length > 0 ? { StringNotEquals: { 'aws:ResourceAccount': [...excludedAccounts] } } : {}),
      },
    }),
  );
  acknowledgeWildcards(
    role,
    "The environments' bootstrap deploy and file-publishing roles (by CDK's bootstrap-role tag, as CDK Pipelines grants " +
      "its own account's), in any account but a protected one: self-mutation deploys the access stacks of accounts and " +
      'regions the pipeline stack does not list yet.',
    [{ resource: bootstrapRoles }],
  );
}
