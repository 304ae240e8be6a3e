/**
 * Who a protected template lets read secret values: each Allow statement of an identity policy (a role's, user's or
 * group's inline policy, an AWS::IAM::Policy, ManagedPolicy, RolePolicy, UserPolicy or GroupPolicy) whose actions
 * cover `secretsmanager:GetSecretValue` (`secretsmanager:*`, `secretsmanager:Get*`, `*`, a NotAction that leaves it
 * out), the principals it applies to, and whether its resources reach a database master secret: by name, by a
 * wildcard, or by a value this check cannot read (an import, a parameter, a custom resource's attribute, `Fn::If`…).
 */
import type { MasterSecrets, SecretResources } from '../guardrails/master-secrets';
import { masterSecretsNamed, withoutTokens } from '../guardrails/master-secrets';
import type { JsonValue } from '../preflight/json-value';
import { wildcardMatch } from '../preflight/policy';
import { textOf } from '../preflight/template-values';

/** How far a statement's resources reach: a master secret it names, any secret, or what this check cannot tell. */
export type SecretReach = 'master' | 'any' | 'unknown';

export interface SecretRead extends Omit<IdentityGrant, 'granted'> {
  readonly reach: SecretReach;
  /** The master secrets it names (reach `master`), or the resource values that make it `any` or `unknown`. */
  readonly what: readonly string[];
}

const READ = 'secretsmanager:GetSecretValue';
const PSEUDO_PARAMETERS = /^AWS::/;
/** CDK's partial ARN of a secret named without its suffix (`fromSecretNameV2`): six `?`, one secret's name. */
const NAMED_SECRET = /:secret:[^*?]+-\?{6}$/;

/** Every statement of the template that lets principals read secret values beyond the secrets it names plainly. */
export function secretReads(
  resources: SecretResources,
  masters: MasterSecrets,
  alsoNamed: readonly string[] = [],
  action: string = READ,
): SecretRead[] {
  return identityGrants(resources, action).flatMap(({ policy, granted, roles, others }): SecretRead[] => {
    if (granted === 'unreadable')
      return [{ policy, reach: 'unknown', what: ['a policy document this check cannot read'], roles, others }];
    if (granted === 'all but some')
      return [{ policy, reach: 'any', what: ['every resource but its NotResource'], roles, others }];
    const reaches = granted.map((value) => reachOf(value, resources, masters, alsoNamed));
    for (const reach of ['master', 'any', 'unknown'] as const) {
      const what = reaches.filter((r) => r?.reach === reach).flatMap((r) => r?.what ?? []);
      if (what.length > 0) return [{ policy, reach, what, roles, others }];
    }
    return [];
  });
}

/** One Allow statement of an identity policy that covers an action, and whom it applies to. */
export interface IdentityGrant {
  /** The resource holding the statement. */
  readonly policy: string;
  /** Its Resource values; `all but some` for a NotResource; `unreadable` for a document this check cannot read. */
  readonly granted: readonly unknown[] | 'all but some' | 'unreadable';
  /** The template's roles it applies to. */
  readonly roles: readonly string[];
  /** Whatever else it applies to: users, groups, a role outside the template or one named by a value not read. */
  readonly others: readonly string[];
}

/**
 * Every Allow statement of the template's identity policies whose Action (or NotAction) covers `action` (an Action this
 * check cannot read counts as covering it), and every policy document it cannot read.
 */
export function identityGrants(resources: SecretResources, action: string): IdentityGrant[] {
  return identityDocuments(resources).flatMap(({ policy, document, roles, others }): IdentityGrant[] => {
    const statements = statementsOf(document);
    if (statements === undefined) return [{ policy, granted: 'unreadable', roles, others }];
    return statements
      .filter((statement) => statement.Effect !== 'Deny' && covers(statement, action))
      .map((statement) => ({
        policy,
        granted:
          statement.NotResource !== undefined
            ? 'all but some'
            : Array.isArray(statement.Resource)
              ? statement.Resource
              : [statement.Resource],
        roles,
        others,
      }));
  });
}

/** The template's roles that some statement lets read secret values beyond the secrets it names plainly. */
export function secretReaderRoles(reads: readonly SecretRead[]): Set<string> {
  return new Set(reads.flatMap((read) => read.roles));
}

/** Whether a role's trust policy admits the one AWS service `service` and nothing else. */
export function trustsOnly(resources: SecretResources, role: string, service: string): boolean {
  const document = resources[role]?.Properties?.AssumeRolePolicyDocument as { Statement?: unknown } | undefined;
  const statements = Array.isArray(document?.Statement) ? document.Statement : [document?.Statement];
  const allowed = statements.filter((s) => (s as { Effect?: unknown } | undefined)?.Effect !== 'Deny');
  return (
    allowed.length > 0 &&
    allowed.every((s) => {
      const { Principal, NotPrincipal } = (s ?? {}) as { Principal?: unknown; NotPrincipal?: unknown };
      if (NotPrincipal !== undefined || Principal === null || typeof Principal !== 'object') return false;
      const entries = Object.entries(Principal);
      const services = entries.length === 1 && entries[0][0] === 'Service' ? entries[0][1] : undefined;
      const list = Array.isArray(services) ? services : [services];
      return list.length > 0 && list.every((value) => value === service);
    })
  );
}

interface Statement {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
}

/** A document's statements; undefined when it is not a document this check can read (a token, text not JSON). */
function statementsOf(document: unknown): Statement[] | undefined {
  let parsed = document;
  if (typeof document === 'string') {
    try {
      parsed = JSON.parse(document);
    } catch {
      return undefined;
    }
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  if (Object.keys(parsed).some((key) => key === 'Ref' || key.startsWith('Fn::'))) return undefined;
  const list = (parsed as { Statement?: unknown }).Statement;
  const statements = Array.isArray(list) ? list : [list];
  return statements.every((s) => s !== null && typeof s === 'object' && !Array.isArray(s))
    ? (statements as Statement[])
    : undefined;
}

/** Whether a statement's Action or NotAction covers `action`; a value it cannot read counts as covering it. */
function covers(statement: Statement, action: string): boolean {
  const patterns = (value: unknown) => (Array.isArray(value) ? value : [value]);
  if (statement.NotAction !== undefined)
    return !patterns(statement.NotAction).some((p) => typeof p === 'string' && wildcardMatch(p, action));
  if (statement.Action === undefined) return false;
  return patterns(statement.Action).some((p) => typeof p !== 'string' || wildcardMatch(p, action));
}

/** How far one Resource value reaches; undefined for a secret it names plainly (not a master one). */
function reachOf(
  value: unknown,
  resources: SecretResources,
  masters: MasterSecrets,
  alsoNamed: readonly string[],
): { reach: SecretReach; what: string[] } | undefined {
  const named = masterSecretsNamed(value, resources, masters, alsoNamed);
  if (named.length > 0) return { reach: 'master', what: named };
  const text = textOf(value as JsonValue);
  const literal = withoutTokens(text);
  if (literal.includes('*') || (literal.includes('?') && !NAMED_SECRET.test(literal)))
    return { reach: 'any', what: [text] };
  // What deploys only decides: an import, a parameter, a custom resource's attribute, a function this check cannot read.
  const decidedLater = [...text.matchAll(/\$\{([^}.]+)(?:\.[^}]*)?\}/g)].some(([, id]) => {
    if (id === '?') return true;
    if (PSEUDO_PARAMETERS.test(id)) return false;
    const type = String(resources[id]?.Type);
    return resources[id] === undefined || type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
  });
  return decidedLater ? { reach: 'unknown', what: [text] } : undefined;
}

/** One identity policy document and the principals it applies to. */
interface IdentityDocument {
  readonly policy: string;
  readonly document: unknown;
  readonly roles: string[];
  readonly others: string[];
}

const POLICY_RESOURCES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy']);
const SINGLE_PRINCIPAL_POLICIES: Readonly<Record<string, string>> = {
  'AWS::IAM::RolePolicy': 'RoleName',
  'AWS::IAM::UserPolicy': 'UserName',
  'AWS::IAM::GroupPolicy': 'GroupName',
};

/** Every identity policy document of the template, with the roles (and other principals) it applies to. */
function identityDocuments(resources: SecretResources): IdentityDocument[] {
  const roleOf = (value: unknown): string | undefined => {
    const ref = (value as { Ref?: unknown } | null)?.Ref;
    const id =
      typeof ref === 'string'
        ? ref
        : Object.keys(resources).find(
            (candidate) =>
              typeof value === 'string' &&
              resources[candidate].Type === 'AWS::IAM::Role' &&
              resources[candidate].Properties?.RoleName === value,
          );
    return id !== undefined && resources[id]?.Type === 'AWS::IAM::Role' ? id : undefined;
  };
  const split = (values: unknown, kind: string) => {
    const list = values === undefined ? [] : Array.isArray(values) ? values : [values];
    const roles = kind === 'role' ? list.map(roleOf) : [];
    return {
      roles: roles.filter((id): id is string => id !== undefined),
      others: list
        .filter((_, i) => kind !== 'role' || roles[i] === undefined)
        .map((value) => `${kind} ${textOf(value as JsonValue)}`),
    };
  };
  const merge = (...parts: { roles: string[]; others: string[] }[]) => ({
    roles: parts.flatMap((p) => p.roles),
    others: parts.flatMap((p) => p.others),
  });
  return Object.entries(resources).flatMap(([id, resource]): IdentityDocument[] => {
    const properties = resource.Properties ?? {};
    const type = String(resource.Type);
    if (['AWS::IAM::Role', 'AWS::IAM::User', 'AWS::IAM::Group'].includes(type)) {
      const principals =
        type === 'AWS::IAM::Role' ? { roles: [id], others: [] } : { roles: [], others: [`${type} ${id}`] };
      const policies = Array.isArray(properties.Policies) ? properties.Policies : [properties.Policies];
      return policies
        .filter((p) => p !== undefined)
        .map((p) => ({ policy: id, document: (p as { PolicyDocument?: unknown }).PolicyDocument, ...principals }));
    }
    if (POLICY_RESOURCES.has(type)) {
      // A managed policy applies also to the roles, users and groups whose ManagedPolicyArns name it.
      const listing = (kind: string) =>
        Object.entries(resources)
          .filter(
            ([, r]) => r.Type === kind && JSON.stringify(r.Properties?.ManagedPolicyArns ?? []).includes(`"${id}"`),
          )
          .map(([listed]) => listed);
      const listed =
        type === 'AWS::IAM::ManagedPolicy'
          ? {
              roles: listing('AWS::IAM::Role'),
              others: [...listing('AWS::IAM::User'), ...listing('AWS::IAM::Group')].map((o) => `principal ${o}`),
            }
          : { roles: [], others: [] };
      const principals = merge(
        split(properties.Roles, 'role'),
        split(properties.Users, 'user'),
        split(properties.Groups, 'group'),
        listed,
      );
      return [{ policy: id, document: properties.PolicyDocument, ...principals }];
    }
    const property = SINGLE_PRINCIPAL_POLICIES[type];
    if (property === undefined) return [];
    const principals = split(properties[property], type === 'AWS::IAM::RolePolicy' ? 'role' : type.slice(10, -6));
    return [{ policy: id, document: properties.PolicyDocument, ...principals }];
  });
}
