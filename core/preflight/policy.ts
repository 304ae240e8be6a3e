import { managedPolicyActions } from './aws-managed-policies';
import { asList, asObject, asString, type JsonValue } from './json-value';
import { refTarget, resourcesOfType, textOf, type ResourceRef } from './template-values';

/** One statement of an IAM policy document, its actions and resources as written. */
export interface PolicyStatement {
  readonly effect: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  /** Set when the statement uses NotAction: it then covers every action not listed. */
  readonly notActions?: readonly string[];
  /** The Resource values (tokens kept); `*` with NotResource. */
  readonly resources: readonly JsonValue[];
  /** The accounts the statement excludes by `StringNotEquals aws:ResourceAccount`: it grants nothing there. */
  readonly excludedAccounts?: readonly string[];
  /** The resource holding the statement (a role's inline policy, an AWS::IAM::Policy …). */
  readonly source: ResourceRef;
}

export const POLICY_TYPES = ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'];

/** The actions that put, replace or remove an object of a bucket. */
export const S3_OBJECT_WRITES = [
  's3:PutObject',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:PutObjectAcl',
  's3:RestoreObject',
];

/**
 * The statements of a policy document, also one written as a JSON string. What this cannot read counts as granting
 * everything (a document given by an intrinsic, a statement that is no object, an action that is no string): a
 * check must not take a grant it cannot read for no grant.
 */
export function statementsOf(document: JsonValue | undefined, source: ResourceRef): PolicyStatement[] {
  const everything: PolicyStatement = { effect: 'Allow', actions: ['*'], resources: ['*'], source };
  const parsed = typeof document === 'string' ? parseDocument(document) : document;
  if (parsed === undefined) return document === undefined ? [] : [everything];
  const body = asObject(parsed);
  if (body === undefined) return [everything];
  return asList(body.Statement).flatMap((value) => {
    const statement = asObject(value);
    if (statement === undefined) return [everything];
    const strings = (v: JsonValue | undefined) => asList(v).map((s) => (typeof s === 'string' ? s : '*'));
    return [
      {
        effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
        actions: strings(statement.Action),
        notActions: statement.NotAction === undefined ? undefined : strings(statement.NotAction),
        // NotResource grants every resource but those it names: as far as a check can tell, all of them.
        resources: statement.NotResource !== undefined ? ['*'] : asList(statement.Resource),
        excludedAccounts: excludedResourceAccounts(statement.Condition),
        source,
      },
    ];
  });
}

function parseDocument(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

/** The values of `StringNotEquals` on `aws:ResourceAccount` (any case of the key), as text. */
function excludedResourceAccounts(condition: JsonValue | undefined): string[] {
  const notEquals = asObject(asObject(condition)?.StringNotEquals) ?? {};
  return Object.entries(notEquals)
    .filter(([key]) => key.toLowerCase() === 'aws:resourceaccount')
    .flatMap(([, value]) => asList(value).map(textOf));
}

/**
 * Every statement that applies to a role defined in a template: its inline `Policies`, the
 * AWS::IAM::Policy and AWS::IAM::ManagedPolicy resources of the same template attached to it
 * (`Roles: [{ Ref }]` or its name), the customer managed policies it lists, and the AWS managed
 * policies preflight knows (see aws-managed-policies.ts).
 */
export function roleStatements(role: ResourceRef): PolicyStatement[] {
  const properties = role.resource.Properties;
  const roleName = asString(properties.RoleName);
  const inline = asList(properties.Policies).flatMap((p) => statementsOf(asObject(p)?.PolicyDocument, role));
  const managedArns = asList(properties.ManagedPolicyArns);
  const listedPolicyIds = new Set(managedArns.map(refTarget).filter((id) => id !== undefined));
  const attached = POLICY_TYPES.flatMap((type) => resourcesOfType(role.stack, type))
    .filter((policy) => {
      const roles = asList(policy.resource.Properties.Roles);
      const namesRole = roles.some((r) => attachesTo(r, role, roleName));
      return namesRole || listedPolicyIds.has(policy.logicalId);
    })
    .flatMap((policy) => statementsOf(policy.resource.Properties.PolicyDocument, policy));
  const awsManaged = managedArns
    .map((arn) => managedPolicyActions(textOf(arn)))
    .filter((actions) => actions.length > 0)
    .map((actions): PolicyStatement => ({ effect: 'Allow', actions, resources: ['*'], source: role }));
  return [...inline, ...attached, ...awsManaged];
}

/**
 * Whether an entry of a policy's `Roles` may be the role: its Ref or name, any value built from one of its tokens
 * (CDK's `Fn::Select`/`Fn::Split` of its ARN, an `Fn::Sub`), or a value decided only at deploy (a parameter, by Ref too):
 * a policy attached in a way this cannot pin down counts as attached.
 */
function attachesTo(entry: JsonValue, role: ResourceRef, roleName: string | undefined): boolean {
  if (refTarget(entry) === role.logicalId || (roleName !== undefined && entry === roleName)) return true;
  if (typeof entry === 'string') return false;
  const tokens = [...textOf(entry).matchAll(/\$\{([^}.]+)(?:\.[^}]*)?\}/g)].map(([, id]) => id);
  const parameters = (role.stack.template as { Parameters?: Record<string, unknown> }).Parameters ?? {};
  const decidedAtDeploy = (id: string) => id === '?' || Object.hasOwn(parameters, id);
  return tokens.includes(role.logicalId) || tokens.some(decidedAtDeploy);
}

/** Every statement of every IAM role, policy and managed policy in the stack's template. */
export function allStatements(stack: ResourceRef['stack']): PolicyStatement[] {
  const roles = resourcesOfType(stack, 'AWS::IAM::Role').flatMap((role) =>
    asList(role.resource.Properties.Policies).flatMap((p) => statementsOf(asObject(p)?.PolicyDocument, role)),
  );
  const policies = POLICY_TYPES.flatMap((type) => resourcesOfType(stack, type)).flatMap((policy) =>
    statementsOf(policy.resource.Properties.PolicyDocument, policy),
  );
  return [...roles, ...policies];
}

/** IAM's wildcard match: `*` any run of characters, `?` one; case-insensitive, as IAM compares action names. */
export function wildcardMatch(pattern: string, text: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`, 'i').test(text);
}

/** True when the statement's Action (or NotAction) covers `action`, e.g. `ec2:*` covers `ec2:CreateNetworkInterface`. */
export function coversAction(statement: PolicyStatement, action: string): boolean {
  if (statement.notActions !== undefined) return !statement.notActions.some((p) => wildcardMatch(p, action));
  return statement.actions.some((pattern) => wildcardMatch(pattern, action));
}

/**
 * True when some Allow statement covers `action` and no Deny on every resource (`*`) takes it away.
 * Resources and conditions of Allow statements are not judged: the rules ask whether the action is granted at all.
 */
export function allowsAction(statements: readonly PolicyStatement[], action: string): boolean {
  const denied = statements.some((s) => s.effect === 'Deny' && s.resources.includes('*') && coversAction(s, action));
  return !denied && statements.some((s) => s.effect === 'Allow' && coversAction(s, action));
}
