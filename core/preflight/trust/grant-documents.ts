import type { AssemblyStack, TemplateResource } from '../assembly-model';
import { asList, asObject, asString, type JsonObject, type JsonValue } from '../json-value';

/**
 * The property that holds the resource-based policy of each resource type that can grant to principals of other
 * accounts. A type not listed here grants nothing by a policy of its own in the templates this tool writes.
 */
const POLICY_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::IAM::Role': 'AssumeRolePolicyDocument',
  'AWS::KMS::Key': 'KeyPolicy',
  'AWS::S3::BucketPolicy': 'PolicyDocument',
  'AWS::SNS::TopicPolicy': 'PolicyDocument',
  'AWS::SQS::QueuePolicy': 'PolicyDocument',
  'AWS::SecretsManager::ResourcePolicy': 'ResourcePolicy',
  'AWS::ECR::Repository': 'RepositoryPolicyText',
  'AWS::Backup::BackupVault': 'AccessPolicy',
  'AWS::EFS::FileSystem': 'FileSystemPolicy',
  'AWS::Logs::ResourcePolicy': 'PolicyDocument',
  'AWS::Events::EventBusPolicy': 'Statement',
  'AWS::Events::EventBus': 'Policy',
  'AWS::SNS::TopicInlinePolicy': 'PolicyDocument',
  'AWS::SQS::QueueInlinePolicy': 'PolicyDocument',
  'AWS::S3::AccessPoint': 'Policy',
  'AWS::KMS::ReplicaKey': 'KeyPolicy',
  'AWS::ECR::RegistryPolicy': 'PolicyText',
  'AWS::OpenSearchService::Domain': 'AccessPolicies',
};

/** One Allow statement of a resource-based policy, or why its document could not be read. */
export type GrantStatement =
  | { readonly logicalId: string; readonly resource: TemplateResource; readonly statement: JsonObject }
  | { readonly logicalId: string; readonly resource: TemplateResource; readonly unreadable: string };

/**
 * Every Allow statement of every resource-based policy in the stack (Deny statements only take away), with a Lambda
 * permission read as the statement it becomes. A document given as a token or as text that is not JSON is
 * unreadable: the caller fails closed on it.
 */
export function grantStatements(stack: AssemblyStack): GrantStatement[] {
  return Object.entries(stack.template.Resources).flatMap(([logicalId, resource]): GrantStatement[] => {
    if (resource.Type === 'AWS::Lambda::Permission') {
      const { Principal, SourceAccount, SourceArn } = resource.Properties;
      const condition: JsonObject = {};
      if (SourceAccount !== undefined) condition.StringEquals = { 'aws:SourceAccount': SourceAccount };
      if (SourceArn !== undefined) condition.ArnLike = { 'aws:SourceArn': SourceArn };
      const principal = asString(Principal);
      const statement: JsonObject = {
        Effect: 'Allow',
        Principal: principal?.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: Principal ?? null },
        Condition: condition,
      };
      return [{ logicalId, resource, statement }];
    }
    const property = POLICY_PROPERTY[resource.Type];
    const value = property === undefined ? undefined : resource.Properties[property];
    if (value === undefined) return [];
    if (resource.Type === 'AWS::Events::EventBusPolicy') {
      // Its Statement property is one statement, not a document.
      const statement = asObject(value);
      return statement ? allowed([statement], logicalId, resource) : [unreadable(logicalId, resource, property)];
    }
    const document = documentOf(value);
    if (document === undefined) return [unreadable(logicalId, resource, property)];
    const statements = asList(document.Statement).map(asObject);
    if (statements.some((s) => s === undefined)) return [unreadable(logicalId, resource, property)];
    return allowed(statements as JsonObject[], logicalId, resource);
  });
}

function allowed(statements: JsonObject[], logicalId: string, resource: TemplateResource): GrantStatement[] {
  return statements.filter((s) => s.Effect !== 'Deny').map((statement) => ({ logicalId, resource, statement }));
}

/** A policy document given as an object, or as JSON text (ECR, Logs, EFS accept both); undefined for a token. */
function documentOf(value: JsonValue): JsonObject | undefined {
  const text = asString(value);
  if (text === undefined) {
    const object = asObject(value);
    // An intrinsic function in place of the whole document is a token: what it grants is not in the template.
    return object && !Object.keys(object).some((key) => key === 'Ref' || key.startsWith('Fn::')) ? object : undefined;
  }
  try {
    return asObject(JSON.parse(text) as JsonValue);
  } catch {
    return undefined;
  }
}

function unreadable(logicalId: string, resource: TemplateResource, property: string): GrantStatement {
  return { logicalId, resource, unreadable: `its ${property} is not a policy document this check can read` };
}
