import { Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { EnvironmentNames } from '../../../model/naming';
import { pipelineRolePrincipal } from './pipeline-role-principal';

export interface EnvironmentAccessStackProps extends StackProps {
  /** The environment's physical names (model/naming.ts). */
  readonly names: EnvironmentNames;
  /** The account of the pipeline that deploys the environment (the release account for a protected one). */
  readonly pipelineAccount: string;
  readonly pipelineRegion: string;
}

/**
 * The environment's roles that a pipeline names as an action's role: CodePipeline checks, when it creates or updates a
 * pipeline, that the pipeline role can assume each of them (InvalidStructureException otherwise), so they must exist
 * before the pipeline's own stack, not come with the environment's stack, which that pipeline deploys. The role holds
 * only its trust here: its permissions name the environment's resources and come with the environment's stack
 * (PipelineAccessRoles), before the pipeline's CodeDeploy action runs. Deployed as a dependency of the pipeline's stack
 * (`cdk deploy` of the delivery stack, its self-mutation, or the platform team's deploy of the release stack).
 */
export class EnvironmentAccessStack extends Stack {
  readonly codeDeployAction: iam.Role;

  constructor(scope: Construct, id: string, props: EnvironmentAccessStackProps) {
    // Protected from deletion: without its role, every update of the pipeline fails (and IAM refuses to delete a
    // role while the environment's stack still attaches its policy).
    super(scope, id, { ...props, stackName: props.names.accessStackName, terminationProtection: true });
    const { names } = props;
    this.codeDeployAction = new iam.Role(this, 'CodeDeployAction', {
      roleName: names.codeDeployActionRole,
      description: "The pipeline's CodeDeploy ECS action in this account (its permissions come with the environment)",
      assumedBy: pipelineRolePrincipal(props.pipelineAccount, props.pipelineRegion, names.pipelineRole),
    });
  }
}
