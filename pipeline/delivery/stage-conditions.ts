import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import type { EnvironmentConfig } from '../../model/config';

type DeploymentWindow = NonNullable<EnvironmentConfig['deploymentWindow']>;

/** CodePipeline's 6-field cron (seconds are `*`) for "these days, from startHour until endHour". */
export function deploymentWindowCron(window: DeploymentWindow): string {
  return `* * ${window.startHour}-${window.endHour - 1} ? * ${window.days.join(',')}`;
}

/** The stage that holds an environment's approval, right before the environment's own stage. */
export function approvalStageName(environment: string): string {
  return `Approve-${environment}`;
}

/**
 * The stage conditions of one environment, in the shape of `AWS::CodePipeline::Pipeline` StageDeclaration: the
 * deployment window as an entry condition. Outside the window the stage fails (it can be retried once the window
 * opens): CodePipeline allows SKIP only with LambdaInvoke or VariableCheck rules. The approval waits in a stage of
 * its own before this one, so a late approval still meets the window.
 */
export function stageConditions(environment: EnvironmentConfig, pipelineRole: string): Record<string, unknown> {
  if (!environment.deploymentWindow) return {};
  return {
    BeforeEntry: {
      Conditions: [
        {
          Result: 'FAIL',
          Rules: [
            {
              Name: 'DeploymentWindow',
              RuleTypeId: { Category: 'Rule', Owner: 'AWS', Provider: 'DeploymentWindow', Version: '1' },
              Configuration: { Cron: deploymentWindowCron(environment.deploymentWindow), TimeZone: 'UTC' },
              RoleArn: pipelineRole,
            },
          ],
        },
      ],
    },
  };
}

/**
 * CDK Pipelines does not expose stage conditions (FACTS), so they are written onto the L1 pipeline,
 * matched to each environment's stage by name.
 */
export function addStageConditions(pipeline: codepipeline.Pipeline, environments: readonly EnvironmentConfig[]): void {
  const cfn = pipeline.node.defaultChild as codepipeline.CfnPipeline;
  const stageNames = pipeline.stages.map((s) => s.stageName);
  for (const environment of environments) {
    const index = stageNames.indexOf(environment.name);
    if (index < 0) throw new Error(`no pipeline stage named '${environment.name}' (stages: ${stageNames.join(', ')})`);
    for (const [key, value] of Object.entries(stageConditions(environment, pipeline.role.roleArn))) {
      cfn.addPropertyOverride(`Stages.${index}.${key}`, value);
    }
  }
}
