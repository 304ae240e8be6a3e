/**
 * Who may call the tool's functions that hold a secret's power: the database functions and the cache's rotation. The
 * database-users function acts as the master user on what its event says, and its provider framework passes on
 * whatever event it is given; a rotation function rotates the secret its event names (a rotation out of its schedule
 * cuts off the tasks that hold the token or password before it). Verify binds the Custom::DatabaseUsers resource's properties to the database
 * (database-users-resource.ts), so only CloudFormation, through that resource and its framework, may call the users
 * function, and only Secrets Manager the rotation functions: no other resource of the template may name them (an
 * EventBridge target with an event of its own, a URL, a subscription, a custom resource of another type), and no role
 * but the framework's may invoke them, by name or by a wildcard.
 */
import type { JsonValue } from '../preflight/json-value';
import { textOf } from '../preflight/template-values';
import { literalStrings, referencedIds, withoutTokens, type SecretResources } from '../guardrails/master-secrets';
import { identityGrants } from './secret-readers';

/** Resources that name a function without calling it, or call it as the tool's constructs do. */
const NAMING_ONLY = new Set(['AWS::Lambda::EventInvokeConfig', 'AWS::CloudWatch::Alarm']);
const INVOKE_ACTIONS = ['lambda:InvokeFunction', 'lambda:InvokeAsync', 'lambda:InvokeFunctionUrl'];

export interface SecretFunctionCallees {
  /** The functions Verify judges as the tool's database-users, database-rotation or cache-rotation function. */
  readonly secretFunctions: ReadonlySet<string>;
  /** CDK's provider frameworks that serve a Custom::DatabaseUsers resource, calling a database function. */
  readonly frameworks: ReadonlySet<string>;
}

/**
 * Whether a permission lets Secrets Manager invoke `target` to rotate a secret the template's rotation schedules rotate
 * with it, as CDK's rotation schedule grants it: Principal secretsmanager.amazonaws.com, its SourceArn that secret. Any
 * other (a SourceAccount only, or none) lets any secret of the account, or of any account, invoke it with an event of
 * its own.
 */
function rotationPermission(resources: SecretResources, properties: Record<string, unknown>, target: string): boolean {
  if (properties.Principal !== 'secretsmanager.amazonaws.com' || properties.SourceArn === undefined) return false;
  const names = (value: unknown) => referencedIds(value).length === 1 && referencedIds(value)[0] === target;
  if (!names(properties.FunctionName)) return false;
  const sourceArn = JSON.stringify(properties.SourceArn);
  return Object.values(resources).some(
    (resource) =>
      resource.Type === 'AWS::SecretsManager::RotationSchedule' &&
      names(resource.Properties?.RotationLambdaARN) &&
      resource.Properties?.SecretId !== undefined &&
      JSON.stringify(resource.Properties.SecretId) === sourceArn,
  );
}

/** The problems, one line each, of what else names or may invoke one of those functions or the framework. */
export function secretFunctionCallerProblems(resources: SecretResources, callees: SecretFunctionCallees): string[] {
  const called = new Set([...callees.secretFunctions, ...callees.frameworks]);
  if (called.size === 0) return [];
  // Each one's name, when the template gives it one: an ARN or a name in a literal reaches it too.
  const nameOf = new Map(
    [...called].flatMap((id) => {
      const name = resources[id]?.Properties?.FunctionName;
      return typeof name === 'string' ? [[id, name] as const] : [];
    }),
  );
  const names = [...nameOf.values()];
  const frameworkRoles = new Set(
    [...callees.frameworks].flatMap((id) => referencedIds(resources[id]?.Properties?.Role)),
  );
  const naming = Object.entries(resources).flatMap(([id, resource]) => {
    const properties = resource.Properties ?? {};
    const type = String(resource.Type);
    const texts = [...literalStrings(properties), ...joinedTexts(properties)];
    const named = [...called].filter(
      (target) =>
        target !== id &&
        (referencedIds(properties).includes(target) || texts.some((text) => text.includes(nameOf.get(target) ?? '\0'))),
    );
    const admitted = (target: string) =>
      type.startsWith('AWS::IAM::') || // judged by what they grant, below
      NAMING_ONLY.has(type) ||
      (callees.frameworks.has(target) && type === 'Custom::DatabaseUsers') ||
      (callees.frameworks.has(id) && callees.secretFunctions.has(target)) ||
      (callees.secretFunctions.has(target) &&
        ((type === 'AWS::SecretsManager::RotationSchedule' && !callees.frameworks.has(target)) ||
          (type === 'AWS::Lambda::Permission' && rotationPermission(resources, properties, target))));
    const refused = named.filter((target) => !admitted(target));
    return refused.length === 0
      ? []
      : [
          `${id} (${type}) names ${refused.join(', ')}, which only CloudFormation (a Custom::DatabaseUsers resource, ` +
            "through CDK's provider framework) and Secrets Manager (rotation) call: they act as the database's master " +
            "user or set the cache's password",
        ];
  });
  const invoking = INVOKE_ACTIONS.flatMap((action) => identityGrants(resources, action)).flatMap((grant) => {
    const refused = [...grant.roles.filter((role) => !frameworkRoles.has(role)), ...grant.others];
    if (refused.length === 0) return [];
    const reach =
      grant.granted === 'unreadable' || grant.granted === 'all but some'
        ? [grant.granted]
        : grant.granted.filter((value) => {
            const text = textOf(value as JsonValue);
            return (
              referencedIds(value).some((target) => called.has(target)) ||
              names.some((name) => text.includes(name)) ||
              /[*?]/.test(withoutTokens(text)) ||
              text.includes('${?}')
            );
          });
    return reach.length === 0
      ? []
      : [
          `${grant.policy} lets ${refused.join(', ')} invoke ${reach.map((v) => textOf(v as JsonValue)).join(', ')}, ` +
            "which reaches the tool's database or cache rotation functions: only the provider framework's role invokes them",
        ];
  });
  return [...new Set([...naming, ...invoking])];
}

/**
 * The text of every `Fn::Join` and `Fn::Sub` in a value, joined up as CloudFormation joins it (tokens left out): a
 * name split across pieces (`queue-prod-` and `cache-rotation`) is whole there.
 */
function joinedTexts(value: unknown): string[] {
  if (value === null || typeof value !== 'object') return [];
  if (Array.isArray(value)) return value.flatMap(joinedTexts);
  const object = value as Record<string, unknown>;
  const own = 'Fn::Join' in object || 'Fn::Sub' in object ? [withoutTokens(textOf(object as JsonValue))] : [];
  return [...own, ...Object.values(object).flatMap(joinedTexts)];
}
