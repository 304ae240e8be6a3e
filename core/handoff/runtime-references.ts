/**
 * What a protected template makes AWS fetch when CloudFormation runs it, from a place the candidate does not pin: a
 * dynamic reference (`{{resolve:…}}`) to another account's secret or parameter, a state machine's definition from S3,
 * a build's source from outside the pipeline, a log router's configuration from S3 when the task starts. Whoever owns
 * that place changes what prod runs after the approval. (A
 * container's secrets in other accounts are judged with the release stack's shared accounts: container-secrets.ts.)
 */
import { pathOf, type JsonValue } from '../preflight/json-value';
import { parseArn, textOf } from '../preflight/template-values';
import { isOwnAccount } from '../preflight/trust/own-account';

interface Resource {
  readonly Type?: unknown;
  readonly Properties?: Record<string, JsonValue>;
}

const BUILD_SOURCES = ['CODEPIPELINE', 'NO_SOURCE'];

/** The problems, each a line naming the resource, of one protected template deployed to `account`. */
export function runtimeReferenceProblems(resources: Record<string, Resource>, account: string): string[] {
  const foreign = (text: string) => {
    if (!text.startsWith('arn:')) return false;
    const owner = parseArn(text)?.account;
    return owner === undefined || (owner !== '' && !isOwnAccount(owner, account));
  };
  return Object.entries(resources).flatMap(([logicalId, resource]) => {
    const properties = resource.Properties ?? {};
    const problems: string[] = [];
    for (const reference of dynamicReferences(properties)) {
      const target = /^\{\{resolve:[a-z-]+:(.*)$/.exec(reference)?.[1] ?? '';
      if (foreign(target))
        problems.push(
          `${logicalId} holds ${reference.slice(0, 120)}, which CloudFormation resolves from another account when it deploys: a protected template names its own account's secrets and parameters`,
        );
    }
    if (resource.Type === 'AWS::StepFunctions::StateMachine' && properties.DefinitionS3Location !== undefined)
      problems.push(
        `${logicalId} reads its definition from S3 when CloudFormation deploys it, not from the candidate: give it DefinitionString`,
      );
    if (resource.Type === 'AWS::CodeBuild::Project') {
      const type = String(pathOf(properties.Source, 'Type'));
      // An S3 source in a bucket of this template (the integration suite's, which the release pipeline fills).
      const bucket = /^\$\{([A-Za-z0-9]+)\}\//.exec(textOf(pathOf(properties.Source, 'Location') ?? ''))?.[1];
      const ownBucket = type === 'S3' && bucket !== undefined && resources[bucket]?.Type === 'AWS::S3::Bucket';
      if ((!BUILD_SOURCES.includes(type) && !ownBucket) || properties.SecondarySources !== undefined)
        problems.push(
          `${logicalId} builds from source ${type}${properties.SecondarySources === undefined ? '' : ' and secondary sources'}, fetched when it runs: protected projects take ${BUILD_SOURCES.join(' or ')} or a bucket of their template only`,
        );
    }
    if (resource.Type === 'AWS::ECS::TaskDefinition')
      problems.push(...containerConfigFetches(logicalId, properties, resources));
    return problems;
  });
}

/**
 * A container told to load its configuration from S3 when the task starts: FireLens with `config-file-type: s3`
 * (Amazon ECS developer guide, "Custom log routing", specifying a custom configuration file) or the Fluent Bit init
 * image's `aws_fluent_bit_init_s3_*` variables (aws-for-fluent-bit, "init" image). Only a bucket of the template is
 * the candidate's: an object elsewhere changes after the approval.
 */
function containerConfigFetches(
  logicalId: string,
  properties: Record<string, JsonValue>,
  resources: Record<string, Resource>,
): string[] {
  const ownObject = (value: JsonValue | undefined) => {
    const bucket = /^arn:[^:]+:s3:::\$\{([A-Za-z0-9]+)\}\//.exec(textOf(value ?? ''))?.[1];
    return bucket !== undefined && resources[bucket]?.Type === 'AWS::S3::Bucket';
  };
  const containers = Array.isArray(properties.ContainerDefinitions) ? properties.ContainerDefinitions : [];
  return containers.flatMap((container) => {
    const name = textOf(pathOf(container, 'Name') ?? '');
    const fetched: string[] = [];
    const options = pathOf(container, 'FirelensConfiguration', 'Options');
    if (textOf(pathOf(options, 'config-file-type') ?? '') === 's3' && !ownObject(pathOf(options, 'config-file-value')))
      fetched.push(`FireLens configuration ${textOf(pathOf(options, 'config-file-value') ?? '')}`);
    const environment = pathOf(container, 'Environment');
    for (const variable of Array.isArray(environment) ? environment : []) {
      const key = textOf(pathOf(variable, 'Name') ?? '');
      if (key.toLowerCase().startsWith('aws_fluent_bit_init_s3_') && !ownObject(pathOf(variable, 'Value')))
        fetched.push(`${key}=${textOf(pathOf(variable, 'Value') ?? '')}`);
    }
    return fetched.map(
      (what) =>
        `${logicalId} container '${name}' loads ${what.slice(0, 160)} from S3 when the task starts: a protected task reads its configuration from a bucket of its own template only`,
    );
  });
}

/**
 * Every `{{resolve:…}}` in a resource's properties, read through Fn::Join and Fn::Sub as they deploy (a token such as
 * `${Secret}` inside one is part of it).
 */
export function dynamicReferences(value: JsonValue | undefined): string[] {
  if (typeof value === 'string') return value.match(DYNAMIC_REFERENCE) ?? [];
  if (Array.isArray(value)) return value.flatMap(dynamicReferences);
  if (value === null || typeof value !== 'object') return [];
  if ('Fn::Join' in value || 'Fn::Sub' in value) return textOf(value).match(DYNAMIC_REFERENCE) ?? [];
  return Object.values(value).flatMap(dynamicReferences);
}

const DYNAMIC_REFERENCE = /\{\{resolve:(?:\$\{[^}]*\}|[^}])*\}\}/g;
