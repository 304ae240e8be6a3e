/**
 * The database master secrets of a template, and what names one: shared by the guardrails' container check
 * (protected-master-secret.ts) and Verify's checks of who reads them (core/handoff/master-secret-use.ts) and of the
 * functions that hold them (core/handoff/tool-functions.ts, database-users-resource.ts).
 */
import type { JsonValue } from '../preflight/json-value';
import { textOf } from '../preflight/template-values';

/** A resource as the checks read it: any template's, whatever its properties hold. */
export interface SecretResource {
  readonly Type?: unknown;
  readonly Properties?: Readonly<Record<string, unknown>>;
}
export type SecretResources = Readonly<Record<string, SecretResource>>;

/** An instance or cluster of the template and the master secret it resolves its master user from. */
export interface MasterDatabase {
  /** The AWS::RDS::DBInstance or AWS::RDS::DBCluster. */
  readonly id: string;
  /** The secrets its MasterUsername and MasterUserPassword resolve (`{{resolve:secretsmanager:…}}`). */
  readonly secrets: readonly string[];
  /** The SecretTargetAttachments of those secrets. */
  readonly attachments: readonly string[];
}

export interface MasterSecrets {
  readonly databases: readonly MasterDatabase[];
  /**
   * Logical ids a value names a master secret by: the secrets, their attachments, and an instance or cluster whose
   * master secret RDS manages (ManageMasterUserPassword, read through its `MasterUserSecret.SecretArn`).
   */
  readonly ids: ReadonlySet<string>;
  /**
   * Text that names one in a literal ARN, secret id or parameter path: each secret's logical id (CloudFormation names
   * a secret without `Name` after it), its `Name` when it has one, and `rds!` (the names of the secrets RDS manages,
   * `rds!db-…` and `rds!cluster-…`, which are master secrets only).
   */
  readonly literals: readonly string[];
}

const DATABASE_TYPES = new Set(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster']);

/** The SecretTargetAttachments of a secret of the template. */
function attachmentsOf(resources: SecretResources, secret: string): string[] {
  return Object.entries(resources)
    .filter(
      ([, r]) =>
        r.Type === 'AWS::SecretsManager::SecretTargetAttachment' &&
        referencedIds(r.Properties?.SecretId).includes(secret),
    )
    .map(([id]) => id);
}

/**
 * How a value names some of the template's secrets: `ids`, the secrets and their attachments (and `also.ids`);
 * `literals`, each secret's logical id (CloudFormation names a secret without `Name` after it) and its `Name` (and
 * `also.literals`). What master-secret readers and the cache token's writers are judged by (secret-readers.ts).
 */
export function secretsNamedBy(
  resources: SecretResources,
  secrets: readonly string[],
  also: { readonly ids?: readonly string[]; readonly literals?: readonly string[] } = {},
): Pick<MasterSecrets, 'ids' | 'literals'> {
  const names = secrets.map((id) => resources[id]?.Properties?.Name).filter((n): n is string => typeof n === 'string');
  return {
    ids: new Set([...secrets, ...secrets.flatMap((id) => attachmentsOf(resources, id)), ...(also.ids ?? [])]),
    literals: [...new Set([...secrets, ...names.filter((name) => name.length > 0), ...(also.literals ?? [])])],
  };
}

/** The master secrets of the template's instances and clusters, and the attachments of those secrets. */
export function masterSecrets(resources: SecretResources): MasterSecrets {
  const databases = Object.entries(resources)
    .filter(([, resource]) => DATABASE_TYPES.has(String(resource.Type)))
    .map(([id, resource]): MasterDatabase => {
      const { MasterUsername, MasterUserPassword } = resource.Properties ?? {};
      const secrets = [...new Set(referencedIds([MasterUsername, MasterUserPassword]))].filter(
        (target) => resources[target]?.Type === 'AWS::SecretsManager::Secret',
      );
      return { id, secrets, attachments: secrets.flatMap((secret) => attachmentsOf(resources, secret)) };
    });
  const managed = Object.entries(resources)
    .filter(([, r]) => DATABASE_TYPES.has(String(r.Type)) && r.Properties?.ManageMasterUserPassword === true)
    .map(([id]) => id);
  const secrets = databases.flatMap((database) => database.secrets);
  return { databases, ...secretsNamedBy(resources, secrets, { ids: managed, literals: ['rds!'] }) };
}

/**
 * Logical ids a value names through Ref, GetAtt or Fn::Sub. With `resources`, a custom resource named stands also for
 * what its own properties name: its handler may hand any of them back as an attribute.
 */
export function referencedIds(value: unknown, resources?: SecretResources, seen = new Set<string>()): string[] {
  const direct = directIds(value);
  if (resources === undefined) return direct;
  return direct.flatMap((id) => {
    const type = String(resources[id]?.Type);
    if (seen.has(id) || !(type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource')) return [id];
    seen.add(id);
    return [id, ...referencedIds(resources[id]?.Properties, resources, seen)];
  });
}

function directIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(directIds);
  if (typeof value === 'string')
    return [...value.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)].map((m) => m[1]);
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  if (typeof object.Ref === 'string') return [object.Ref];
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return [getAtt[0]];
  if (typeof getAtt === 'string') return [getAtt.split('.')[0]];
  return Object.values(object).flatMap(directIds);
}

/**
 * The master secrets a value names: by logical id (Ref, GetAtt, Fn::Sub, through custom resources), or in its text as
 * it deploys (`arn:…:secret:<logical id>-…`, a name, an SSM `/aws/reference/secretsmanager/…` path, also when Fn::Join
 * or a Fn::Sub variable puts it together) or in any string it holds. `alsoNamed` adds the literals of other templates'
 * master secrets (another stack of the same candidate). Empty when it names none.
 */
export function masterSecretsNamed(
  value: unknown,
  resources: SecretResources,
  masters: MasterSecrets,
  alsoNamed: readonly string[] = [],
): string[] {
  const ids = referencedIds(value, resources).filter((id) => masters.ids.has(id));
  const texts = [withoutTokens(textOf(value as JsonValue)), ...literalStrings(value)];
  const literals = [...masters.literals, ...alsoNamed].filter((literal) => texts.some((t) => t.includes(literal)));
  return [...new Set([...ids, ...literals])];
}

/** Every string a value holds but the logical ids it names (Ref, GetAtt, Fn::Sub's `${…}`). */
export function literalStrings(value: unknown): string[] {
  if (typeof value === 'string') return [withoutTokens(value)];
  if (value === null || typeof value !== 'object' || 'Ref' in value || 'Fn::GetAtt' in value) return [];
  return Object.values(value).flatMap(literalStrings);
}

/**
 * Text without its `${…}` tokens, which name logical ids (read by id) or pseudo parameters: what is left is literal,
 * joined up as if a token added nothing (`AWS::NoValue`).
 */
export function withoutTokens(text: string): string {
  return text.replace(/\$\{[^}]*\}/g, '');
}
