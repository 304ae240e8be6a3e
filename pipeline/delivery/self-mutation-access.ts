import * as iam from 'aws-cdk-lib/aws-iam';
import type * as pipelines from 'aws-cdk-lib/pipelines';
import type { EnvironmentConfig } from '../../model/config';
import { bootstrapRoleName } from '../../model/naming';
import { roleArn } from '../partition';

/**
 * Self-mutation runs `cdk deploy <pipeline stack>`, which deploys the stacks that stack depends on too: the unprotected
 * environments' access stacks, whose action roles must exist before the pipeline (EnvironmentAccessStack). CDK
 * Pipelines lets its role assume the tools account's bootstrap roles only (aws-cdk#16374), so it may also assume the
 * deploy and file-publishing roles of each unprotected environment's account and region, which trust the tools
 * account already and which the pipeline's own deploy actions use. Never a protected account's: those trust only the
 * release account, whose stack brings their access stacks.
 */
export function letSelfMutationDeployAccessStacks(
  pipeline: pipelines.CodePipeline,
  delivered: readonly EnvironmentConfig[],
): void {
  const resources = delivered.flatMap((environment) =>
    (['deploy', 'file-publishing'] as const).map((role) =>
      roleArn(
        environment.region,
        environment.account,
        bootstrapRoleName(role, environment.account, environment.region),
      ),
    ),
  );
  if (resources.length === 0) return;
  pipeline.selfMutationProject.role?.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['sts:AssumeRole'], resources: [...new Set(resources)] }),
  );
}
