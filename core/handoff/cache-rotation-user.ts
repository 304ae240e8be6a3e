/**
 * Which ElastiCache user a cache rotation function may change. The tool's cache-rotation function
 * (pipeline/environment/data/cache-rotation.ts → lambdas/cache-rotation) sets the passwords of the one user its
 * CACHE_USER_ID names to the current and pending values of the secret Secrets Manager rotates with it. Verify binds
 * that user to the template (tool-functions.ts: the user whose passwords are exactly the secrets the function's
 * schedules rotate, so the verified bytes change only the password that secret already is), and preflight admits
 * `elasticache:ModifyUser` only on those users, only to the role of such a function (core/preflight/trust/
 * permission-changes.ts).
 *
 * Secrets are read by Ref only: a secret's Ref, or a SecretTargetAttachment's (whose Ref is its secret's ARN).
 */
import {
  masterSecretsNamed,
  referencedIds,
  type MasterSecrets,
  type SecretResources,
} from '../guardrails/master-secrets';
import type { JsonValue } from '../preflight/json-value';
import { textOf } from '../preflight/template-values';
import { CACHE_ROTATION_ENVIRONMENT } from '../../model/lambda-contracts';
import { functionTarget } from './function-roles';

const SECRET = 'AWS::SecretsManager::Secret';
const ATTACHMENT = 'AWS::SecretsManager::SecretTargetAttachment';
const SCHEDULE = 'AWS::SecretsManager::RotationSchedule';
const USER = 'AWS::ElastiCache::User';

/** The secret of the template a `{ Ref }` names: the secret, or the one an attachment attaches; else undefined. */
export function secretNamed(value: unknown, resources: SecretResources): string | undefined {
  const ref = refOf(value);
  const resource = ref === undefined ? undefined : resources[ref];
  if (resource?.Type === SECRET) return ref;
  if (resource?.Type !== ATTACHMENT) return undefined;
  const attached = refOf(resource.Properties?.SecretId);
  return attached !== undefined && resources[attached]?.Type === SECRET ? attached : undefined;
}

/**
 * Whether a schedule's SecretId is a database's secret: a master secret (core/guardrails/master-secrets.ts, also by
 * name or as RDS manages it) or a secret attached to a database (a SecretTargetAttachment's, as the application
 * user's secret is).
 */
export function isDatabaseSecret(value: unknown, resources: SecretResources, masters: MasterSecrets): boolean {
  if (masterSecretsNamed(value, resources, masters).length > 0) return true;
  const secret = secretNamed(value, resources);
  return (
    secret !== undefined &&
    Object.values(resources).some((r) => r.Type === ATTACHMENT && refOf(r.Properties?.SecretId) === secret)
  );
}

/** The secrets of the template an ElastiCache user's passwords name in any way (Passwords, AuthenticationMode). */
export function cachePasswordSecrets(resources: SecretResources): Set<string> {
  return new Set(
    Object.values(resources)
      .filter((r) => r.Type === USER)
      .flatMap((user) => passwordsOf(user.Properties))
      .flatMap((password) => referencedIds(password))
      .map((id) => secretNamed({ Ref: id }, resources))
      .filter((id): id is string => id !== undefined),
  );
}

/** What the rotation schedules of the template rotate with one function. */
export interface FunctionRotation {
  /** The schedules whose RotationLambdaARN names the function. */
  readonly schedules: readonly string[];
  /** The secrets of the template they rotate. */
  readonly secrets: readonly string[];
  /** The schedules whose SecretId is no secret of the template named by Ref (a literal, an import…). */
  readonly unread: readonly string[];
  /** The users (logical id and literal UserId) whose passwords are exactly those secrets; none when any is unread. */
  readonly users: readonly { readonly logicalId: string; readonly userId: string }[];
}

/** The secrets the schedules using `functionId` rotate, and the ElastiCache users whose passwords they are. */
export function rotationOf(functionId: string, resources: SecretResources): FunctionRotation {
  const schedules = Object.entries(resources)
    .filter(([, r]) => r.Type === SCHEDULE && functionTarget(r.Properties?.RotationLambdaARN) === functionId)
    .map(([id]) => id);
  const named = schedules.map((id) => ({ id, secret: secretNamed(resources[id].Properties?.SecretId, resources) }));
  const secrets = [...new Set(named.flatMap(({ secret }) => (secret === undefined ? [] : [secret])))].sort();
  const unread = named.filter(({ secret }) => secret === undefined).map(({ id }) => id);
  const users =
    schedules.length === 0 || unread.length > 0
      ? []
      : Object.entries(resources).flatMap(([logicalId, resource]) => {
          const userId = resource.Properties?.UserId;
          if (resource.Type !== USER || typeof userId !== 'string') return [];
          const own = wholeSecretReferences(passwordsOf(resource.Properties), resources);
          const same = own !== undefined && own.length === secrets.length && own.every((s, i) => s === secrets[i]);
          return same ? [{ logicalId, userId }] : [];
        });
  return { schedules, secrets, unread, users };
}

/** A user's passwords as the template gives them: `Passwords` and `AuthenticationMode.Passwords`. */
function passwordsOf(properties: Readonly<Record<string, unknown>> | undefined): unknown[] {
  const list = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  const mode = properties?.AuthenticationMode as { Passwords?: unknown } | undefined;
  return [...list(properties?.Passwords), ...list(mode?.Passwords)];
}

/**
 * The secrets, sorted and once each, when every password is one whole dynamic reference to a secret of the template
 * (`{{resolve:secretsmanager:${Secret}…}}`); undefined when one is anything else (a literal, another secret's ARN, a
 * value this check cannot read) or there is none.
 */
function wholeSecretReferences(passwords: readonly unknown[], resources: SecretResources): string[] | undefined {
  const secrets = passwords.map((password) => {
    const id = /^\{\{resolve:secretsmanager:\$\{([A-Za-z0-9]+)\}(:[^{}]*)?\}\}$/.exec(textOf(password as JsonValue));
    return id === null ? undefined : secretNamed({ Ref: id[1] }, resources);
  });
  if (secrets.length === 0 || secrets.some((s) => s === undefined)) return undefined;
  return [...new Set(secrets as string[])].sort();
}

function refOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Object.keys(value).length !== 1) return undefined;
  const ref = (value as { Ref?: unknown }).Ref;
  return typeof ref === 'string' ? ref : undefined;
}

/**
 * What is wrong with a cache rotation function's CACHE_USER_ID: it must be the literal UserId of the template's
 * ElastiCache user whose passwords are exactly the secrets the schedules using the function rotate, so the function
 * (which sets that user's passwords to the secret's current and pending values) changes only the password that secret
 * already is. Undefined when it is.
 */
export function cacheUserProblem(
  logicalId: string,
  why: string,
  properties: Record<string, unknown>,
  resources: SecretResources,
): string | undefined {
  const variables = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
  const value = variables?.[CACHE_ROTATION_ENVIRONMENT.userId];
  const rotation = rotationOf(logicalId, resources);
  if (typeof value === 'string' && rotation.users.some((user) => user.userId === value)) return undefined;
  const expected =
    rotation.schedules.length === 0
      ? 'no rotation schedule of this template rotates a secret with it'
      : rotation.unread.length > 0
        ? `${rotation.unread.join(', ')} rotates a secret this check cannot tie to a secret of this template`
        : rotation.users.length === 0
          ? `no ElastiCache user of this template has exactly the passwords ${rotation.secrets.join(', ')} (what ` +
            `${rotation.schedules.join(', ')} rotates)`
          : `that is ${rotation.users.map((u) => JSON.stringify(u.userId)).join(' or ')} (passwords ` +
            `${rotation.secrets.join(', ')}, what ${rotation.schedules.join(', ')} rotates)`;
  return (
    `${logicalId} (${why}) runs this tool's cache-rotation handler with ${CACHE_ROTATION_ENVIRONMENT.userId} ` +
    `${JSON.stringify(value ?? null)}: the user whose passwords it changes must be the ElastiCache user of this ` +
    `template whose passwords are exactly the secrets its rotation schedules rotate; ${expected}`
  );
}
