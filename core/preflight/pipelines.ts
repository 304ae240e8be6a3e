import type { CloudAssembly } from './assembly-model';
import { asList, asObject, asString, type JsonObject, type JsonValue } from './json-value';
import { resolveRole } from './role-lookup';
import { resourcesOfType, type ResourceRef } from './template-values';

/** One action of a pipeline stage, as the template declares it. */
export interface PipelineAction {
  readonly name: string;
  readonly category: string;
  readonly provider: string;
  readonly configuration: JsonObject;
  readonly roleArn?: JsonValue;
  /** Actions of a stage run in RunOrder (1 when absent); equal orders run side by side. */
  readonly runOrder: number;
}

/** One rule of a stage condition (`RuleTypeId.Provider` such as DeploymentWindow, CloudWatchAlarm, LambdaInvoke). */
export interface ConditionRule {
  readonly name: string;
  readonly provider: string;
  readonly configuration: JsonObject;
  readonly roleArn?: JsonValue;
}

export type ConditionKind = 'BeforeEntry' | 'OnSuccess' | 'OnFailure';

/** One condition of a stage: its rules and the result it engages (FAIL, SKIP, ROLLBACK …). */
export interface StageCondition {
  readonly kind: ConditionKind;
  readonly result: string;
  readonly rules: readonly ConditionRule[];
}

export interface PipelineStage {
  readonly name: string;
  readonly actions: readonly PipelineAction[];
  readonly conditions: readonly StageCondition[];
}

/** An AWS::CodePipeline::Pipeline with its stages read out of the template. */
export interface PipelineRef extends ResourceRef {
  readonly stages: readonly PipelineStage[];
}

/** Every CodePipeline pipeline in every stack of the assembly. */
export function pipelinesOf(assembly: CloudAssembly): PipelineRef[] {
  return assembly.stacks
    .flatMap((stack) => resourcesOfType(stack, 'AWS::CodePipeline::Pipeline'))
    .map((ref) => ({ ...ref, stages: asList(ref.resource.Properties.Stages).map(stageOf) }));
}

/** The role an action runs with: its own RoleArn, else the pipeline's service role. */
export function actionRoleArn(pipeline: PipelineRef, action: PipelineAction): JsonValue | undefined {
  return action.roleArn ?? pipeline.resource.Properties.RoleArn;
}

/** The AWS::IAM::Role an action runs with, when the assembly defines it. */
export function actionRole(
  assembly: CloudAssembly,
  pipeline: PipelineRef,
  action: PipelineAction,
): ResourceRef | undefined {
  // An action's own RoleArn may name a role in another stack (CDK's cross-account support stack).
  return resolveRole(assembly, pipeline.stack, actionRoleArn(pipeline, action));
}

function stageOf(value: JsonValue): PipelineStage {
  const stage = asObject(value) ?? {};
  const kinds: ConditionKind[] = ['BeforeEntry', 'OnSuccess', 'OnFailure'];
  return {
    name: asString(stage.Name) ?? '',
    actions: asList(stage.Actions).map((a) => {
      const action = asObject(a) ?? {};
      return {
        name: asString(action.Name) ?? '',
        category: asString(asObject(action.ActionTypeId)?.Category) ?? '',
        provider: asString(asObject(action.ActionTypeId)?.Provider) ?? '',
        configuration: asObject(action.Configuration) ?? {},
        roleArn: action.RoleArn,
        runOrder: typeof action.RunOrder === 'number' ? action.RunOrder : 1,
      };
    }),
    conditions: kinds.flatMap((kind) =>
      asList(asObject(stage[kind])?.Conditions).map((c) => {
        const condition = asObject(c) ?? {};
        return { kind, result: asString(condition.Result) ?? '', rules: asList(condition.Rules).map(ruleOf) };
      }),
    ),
  };
}

function ruleOf(value: JsonValue): ConditionRule {
  const rule = asObject(value) ?? {};
  return {
    name: asString(rule.Name) ?? '',
    provider: asString(asObject(rule.RuleTypeId)?.Provider) ?? '',
    configuration: asObject(rule.Configuration) ?? {},
    roleArn: rule.RoleArn,
  };
}
