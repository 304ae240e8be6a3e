import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { EnvironmentConfig, PipelineConfig } from '../config';
import { bakeMinutes } from '../environment/deployment-config';
import { environmentNames } from '../naming';
import { roleArn } from '../partition';

type DeploymentWindow = NonNullable<EnvironmentConfig['deploymentWindow']>;

/** CodePipeline's 6-field cron (seconds are `*`) for "these days, from startHour until endHour". */
export function deploymentWindowCron(window: DeploymentWindow): string {
  return `* * ${window.startHour}-${window.endHour - 1} ? * ${window.days.join(',')}`;
}

/** The stage conditions of one environment, in the shape of `AWS::CodePipeline::Pipeline` StageDeclaration. */
export function stageConditions(application: string, environment: EnvironmentConfig, pipelineRole: string) {
  const names = environmentNames(application, environment.name);
  const conditions: Record<string, unknown> = {
    // Bake: the stage does not succeed while any rollback alarm of the environment is in ALARM.
    OnSuccess: {
      Conditions: [
        {
          Result: 'FAIL',
          Rules: [
            {
              Name: 'RollbackAlarmQuiet',
              RuleTypeId: { Category: 'Rule', Owner: 'AWS', Provider: 'CloudWatchAlarm', Version: '1' },
              Configuration: {
                AlarmName: names.rollbackAlarm,
                AlarmStates: 'ALARM',
                WaitTime: String(bakeMinutes(environment)),
              },
              Region: environment.region,
              RoleArn: roleArn(environment.region, environment.account, names.alarmReaderRole),
            },
          ],
        },
      ],
    },
  };
  if (environment.deploymentWindow) {
    conditions.BeforeEntry = {
      Conditions: [
        {
          Result: environment.deploymentWindow.outside.toUpperCase(),
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
    };
  }
  return conditions;
}

/**
 * CDK Pipelines does not expose stage conditions (FACTS), so they are written onto the L1 pipeline,
 * matched to each environment's stage by name.
 */
export function addStageConditions(pipeline: codepipeline.Pipeline, config: PipelineConfig): void {
  const cfn = pipeline.node.defaultChild as codepipeline.CfnPipeline;
  const stageNames = pipeline.stages.map((s) => s.stageName);
  for (const environment of config.environments) {
    const index = stageNames.indexOf(environment.name);
    if (index < 0) throw new Error(`no pipeline stage named '${environment.name}' (stages: ${stageNames.join(', ')})`);
    for (const [key, value] of Object.entries(
      stageConditions(config.application, environment, pipeline.role.roleArn),
    )) {
      cfn.addPropertyOverride(`Stages.${index}.${key}`, value);
    }
    pipeline.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        resources: [
          roleArn(
            environment.region,
            environment.account,
            environmentNames(config.application, environment.name).alarmReaderRole,
          ),
        ],
      }),
    );
  }
}
