import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssemblyStack, CloudAssembly, TemplateResource } from '../../../core/preflight/assembly-model';
import type { JsonObject, JsonValue } from '../../../core/preflight/json-value';
import { runPreflight } from '../../../core/preflight/run-preflight';
import type { Finding, Rule } from '../../../core/preflight/rule';

/** The shared preflight test harness: tiny hand-written assemblies, in memory or on disk. */

export const TOOLS = '111111111111';
export const STAGING = '222222222222';

export interface StackSpec {
  readonly stackName?: string;
  readonly account?: string;
  readonly region?: string;
  readonly dependencies?: string[];
  readonly assemblyPath?: string;
  readonly resources?: Record<string, TemplateResource>;
  readonly outputs?: JsonObject;
}

/** An in-memory stack, as the loader would give it. */
export function stack(artifactId: string, spec: StackSpec = {}): AssemblyStack {
  return {
    artifactId,
    stackName: spec.stackName ?? artifactId,
    displayName: artifactId,
    assemblyPath: spec.assemblyPath ?? '',
    environment: { account: spec.account ?? TOOLS, region: spec.region ?? 'eu-west-1' },
    dependencies: spec.dependencies ?? [],
    template: { Resources: spec.resources ?? {}, Outputs: spec.outputs ?? {} },
  };
}

export function assemblyOf(...stacks: AssemblyStack[]): CloudAssembly {
  return { directory: 'cdk.out', stacks };
}

/** A resource with a construct path, so findings can be checked for it. */
export function resource(Type: string, Properties: JsonObject, path?: string): TemplateResource {
  return { Type, Properties, Metadata: path === undefined ? undefined : { 'aws:cdk:path': path } };
}

/** Runs one rule through the real runner (so a rule that throws shows up as an error finding). */
export function runRule(rule: Rule, assembly: CloudAssembly, files: Record<string, string> = {}): Finding[] {
  return [...runPreflight(assembly, { readSourceFile: (path) => files[path] }, [rule]).findings];
}

/** The severities of the findings, for compact assertions. */
export const severities = (findings: Finding[]) => findings.map((f) => f.severity);

// --- resource builders ---------------------------------------------------------------------------

export const getAtt = (logicalId: string, attribute = 'Arn'): JsonValue => ({ 'Fn::GetAtt': [logicalId, attribute] });
export const ref = (logicalId: string): JsonValue => ({ Ref: logicalId });
export const partitionArn = (rest: string): JsonValue => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]],
});

export function statement(Action: string | string[], Resource: JsonValue = '*', Effect = 'Allow'): JsonObject {
  return { Effect, Action, Resource };
}

export function role(properties: JsonObject = {}): TemplateResource {
  return resource('AWS::IAM::Role', {
    AssumeRolePolicyDocument: { Statement: [statement('sts:AssumeRole')] },
    ...properties,
  });
}

export function inlinePolicy(...statements: JsonObject[]): JsonObject {
  return { Policies: [{ PolicyName: 'inline', PolicyDocument: { Statement: statements } }] };
}

export function attachedPolicy(roleLogicalId: string, ...statements: JsonObject[]): TemplateResource {
  return resource('AWS::IAM::Policy', {
    PolicyName: 'attached',
    PolicyDocument: { Statement: statements },
    Roles: [ref(roleLogicalId)],
  });
}

export interface ActionSpec {
  readonly name: string;
  readonly provider: string;
  readonly category?: string;
  readonly configuration?: JsonObject;
  readonly roleArn?: JsonValue;
}

export function action(spec: ActionSpec): JsonObject {
  return {
    Name: spec.name,
    ActionTypeId: { Category: spec.category ?? 'Build', Owner: 'AWS', Provider: spec.provider, Version: '1' },
    Configuration: spec.configuration ?? {},
    ...(spec.roleArn === undefined ? {} : { RoleArn: spec.roleArn }),
    RunOrder: 1,
  };
}

export function stage(Name: string, actions: JsonObject[], conditions: JsonObject = {}): JsonObject {
  return { Name, Actions: actions, ...conditions };
}

export function conditionRule(provider: string, roleArn?: JsonValue, configuration: JsonObject = {}): JsonObject {
  return {
    Name: `${provider}Rule`,
    RuleTypeId: { Category: 'Rule', Owner: 'AWS', Provider: provider, Version: '1' },
    Configuration: configuration,
    ...(roleArn === undefined ? {} : { RoleArn: roleArn }),
  };
}

export function pipeline(stages: JsonObject[], properties: JsonObject = {}): TemplateResource {
  return resource(
    'AWS::CodePipeline::Pipeline',
    { RoleArn: getAtt('PipelineRole'), Stages: stages, PipelineType: 'V2', ...properties },
    'app/Pipeline/Resource',
  );
}

export function codeBuildProject(
  buildSpec: JsonValue | undefined,
  variables: Record<string, string> = {},
): TemplateResource {
  return resource(
    'AWS::CodeBuild::Project',
    {
      Source: buildSpec === undefined ? { Type: 'CODEPIPELINE' } : { Type: 'CODEPIPELINE', BuildSpec: buildSpec },
      Environment: {
        Image: 'aws/codebuild/standard:7.0',
        EnvironmentVariables: Object.entries(variables).map(([Name, Value]) => ({ Name, Type: 'PLAINTEXT', Value })),
      },
    },
    'app/Project/Resource',
  );
}

// --- on disk ---------------------------------------------------------------------------------------

export interface DiskStack {
  readonly id: string;
  readonly environment?: string;
  readonly stackName?: string;
  readonly dependencies?: string[];
  readonly template: JsonObject;
}

/** Writes `manifest.json` and templates into `dir`, plus nested assemblies (`assembly-<name>/`). */
export function writeAssembly(dir: string, stacks: DiskStack[], nested: Record<string, DiskStack[]> = {}): void {
  mkdirSync(dir, { recursive: true });
  const artifacts: JsonObject = {};
  for (const name of Object.keys(nested)) {
    const directoryName = `assembly-${name}`;
    writeAssembly(join(dir, directoryName), nested[name]);
    artifacts[directoryName] = { type: 'cdk:cloud-assembly', properties: { directoryName, displayName: name } };
  }
  for (const s of stacks) {
    const templateFile = `${s.id}.template.json`;
    writeFileSync(join(dir, templateFile), JSON.stringify(s.template));
    artifacts[`${s.id}.assets`] = { type: 'cdk:asset-manifest', properties: { file: `${s.id}.assets.json` } };
    artifacts[s.id] = {
      type: 'aws:cloudformation:stack',
      environment: s.environment ?? `aws://${TOOLS}/eu-west-1`,
      properties: { templateFile, ...(s.stackName === undefined ? {} : { stackName: s.stackName }) },
      dependencies: [...(s.dependencies ?? []), `${s.id}.assets`],
      displayName: s.id,
    };
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '55.0.0', artifacts }));
}
