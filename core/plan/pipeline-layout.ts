/** One stage of the synthesized pipeline, as a reader wants to see it. */
export interface PlannedStage {
  readonly name: string;
  readonly actions: readonly PlannedAction[];
  /** Human-readable stage conditions (entry, on success). */
  readonly conditions: readonly string[];
}

export interface PlannedAction {
  readonly name: string;
  readonly provider: string;
  readonly runOrder: number;
}

interface CfnAction {
  Name: string;
  RunOrder?: number;
  ActionTypeId: { Provider: string };
}
interface CfnRule {
  Name: string;
  RuleTypeId: { Provider: string };
  Configuration?: Record<string, string>;
}
interface CfnConditions {
  Conditions: { Result: string; Rules: CfnRule[] }[];
}
interface CfnStage {
  Name: string;
  Actions: CfnAction[];
  BeforeEntry?: CfnConditions;
  OnSuccess?: CfnConditions;
}

/**
 * Reads the stages and actions of the one `AWS::CodePipeline::Pipeline` in a synthesized template.
 * Fails with a clear message when the template holds none or several.
 */
export function pipelineLayout(template: {
  Resources?: Record<string, { Type: string; Properties?: unknown }>;
}): PlannedStage[] {
  const pipelines = Object.values(template.Resources ?? {}).filter((r) => r.Type === 'AWS::CodePipeline::Pipeline');
  if (pipelines.length !== 1)
    throw new Error(`expected one AWS::CodePipeline::Pipeline in the template, found ${pipelines.length}`);
  const stages = (pipelines[0].Properties as { Stages: CfnStage[] }).Stages;
  return stages.map((stage) => ({
    name: stage.Name,
    actions: stage.Actions.map((a) => ({
      name: a.Name,
      provider: a.ActionTypeId.Provider,
      runOrder: a.RunOrder ?? 1,
    })).sort((a, b) => a.runOrder - b.runOrder),
    conditions: [
      ...describeConditions('entry', stage.BeforeEntry),
      ...describeConditions('on success', stage.OnSuccess),
    ],
  }));
}

function describeConditions(when: string, conditions: CfnConditions | undefined): string[] {
  return (conditions?.Conditions ?? []).flatMap((condition) =>
    condition.Rules.map((rule) => `${when}: ${describeRule(rule)}, else ${condition.Result.toLowerCase()}`),
  );
}

function describeRule(rule: CfnRule): string {
  const config = rule.Configuration ?? {};
  switch (rule.RuleTypeId.Provider) {
    case 'DeploymentWindow':
      return `inside deployment window '${config.Cron}' ${config.TimeZone ?? 'UTC'}`;
    case 'CloudWatchAlarm':
      return `alarm ${config.AlarmName} not in ${config.AlarmStates ?? 'ALARM'} for ${config.WaitTime ?? '0'} min`;
    default:
      return `${rule.RuleTypeId.Provider} rule ${rule.Name}`;
  }
}
