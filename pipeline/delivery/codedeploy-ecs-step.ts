import type * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import type * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as pipelines from 'aws-cdk-lib/pipelines';
import { IMAGE_PLACEHOLDER_NAME } from '../../model/placeholders';

export interface CodeDeployEcsStepProps {
  /** Output of the render step: taskdef.json, appspec.yaml and imageDetail.json. */
  readonly input: pipelines.FileSet;
  /** The environment's deployment group, imported by name with its real deployment config. */
  readonly deploymentGroup: codedeploy.IEcsDeploymentGroup;
  /**
   * The role the action runs as: one the environment's own stack creates in its account. Without it CDK generates
   * one in a cross-account support stack, which self-mutation then cannot deploy (aws-cdk #16374).
   */
  readonly role: iam.IRole;
}

/**
 * A CodeDeploy ECS blue/green deployment as a CDK Pipelines step. CDK Pipelines has none by design
 * (aws-cdk PR #18134), so this is the documented "arbitrary CodePipeline action" route.
 */
export class CodeDeployEcsStep extends pipelines.Step implements pipelines.ICodePipelineActionFactory {
  constructor(
    id: string,
    private readonly props: CodeDeployEcsStepProps,
  ) {
    super(id);
    this.addDependencyFileSet(props.input);
  }

  produceAction(
    stage: codepipeline.IStage,
    options: pipelines.ProduceActionOptions,
  ): pipelines.CodePipelineActionFactoryResult {
    const artifact = options.artifacts.toCodePipeline(this.props.input);
    stage.addAction(
      new cpactions.CodeDeployEcsDeployAction({
        actionName: options.actionName,
        runOrder: options.runOrder,
        deploymentGroup: this.props.deploymentGroup,
        role: this.props.role,
        taskDefinitionTemplateFile: artifact.atPath('taskdef.json'),
        appSpecTemplateFile: artifact.atPath('appspec.yaml'),
        containerImageInputs: [{ input: artifact, taskDefinitionPlaceholder: IMAGE_PLACEHOLDER_NAME }],
      }),
    );
    return { runOrdersConsumed: 1 };
  }
}
