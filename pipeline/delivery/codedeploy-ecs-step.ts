import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cpactions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as pipelines from 'aws-cdk-lib/pipelines';
import type { Construct } from 'constructs';
import { acknowledgeWildcards } from '../policy/acknowledge';
import { acknowledgeArtifactAccess } from './artifact-store';

export interface CodeDeployEcsStepProps {
  /** Output of the render step: taskdef.json, appspec.yaml and imageDetail.json. */
  readonly input: pipelines.FileSet;
  /** The environment's deployment group, imported by name with its real deployment config. */
  readonly deploymentGroup: codedeploy.IEcsDeploymentGroup;
}

/**
 * A CodeDeploy ECS blue/green deployment as a CDK Pipelines step. CDK Pipelines has none by design
 * (aws-cdk PR #18134), so this is the documented "arbitrary CodePipeline action" route.
 */
export class CodeDeployEcsStep extends pipelines.Step implements pipelines.ICodePipelineActionFactory {
  /** Placeholder in taskdef.json the action replaces with the image from imageDetail.json. */
  static readonly IMAGE_PLACEHOLDER = 'IMAGE1_NAME';

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
      new AcknowledgedCodeDeployEcsDeployAction({
        actionName: options.actionName,
        runOrder: options.runOrder,
        deploymentGroup: this.props.deploymentGroup,
        taskDefinitionTemplateFile: artifact.atPath('taskdef.json'),
        appSpecTemplateFile: artifact.atPath('appspec.yaml'),
        containerImageInputs: [{ input: artifact, taskDefinitionPlaceholder: CodeDeployEcsStep.IMAGE_PLACEHOLDER }],
      }),
    );
    return { runOrdersConsumed: 1 };
  }
}

/**
 * CDK's ECS deploy action, accepting the wildcards of the policy it writes into its role. That role
 * is generated (for another account, in a cross-account support stack), so it is reachable only here.
 */
class AcknowledgedCodeDeployEcsDeployAction extends cpactions.CodeDeployEcsDeployAction {
  protected override bound(
    scope: Construct,
    stage: codepipeline.IStage,
    options: codepipeline.ActionBindOptions,
  ): codepipeline.ActionConfig {
    const config = super.bound(scope, stage, options);
    acknowledgeArtifactAccess(options.role, options.bucket);
    acknowledgeWildcards(
      options.role,
      'Written by the CodeDeploy ECS action: ecs:RegisterTaskDefinition supports no resource-level permissions, ' +
        'iam:PassRole is limited to ecs-tasks.amazonaws.com, and kms:Decrypt on the artifact key in the pipeline ' +
        "account is granted to '*' across accounts and narrowed by that key's policy.",
      [{ resource: '*' }],
    );
    return config;
  }
}
