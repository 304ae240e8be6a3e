import type { AssemblyStack, CloudAssembly } from '../assembly-model';
import { deployedBefore } from '../deploy-order';
import { asList, asObject, asString, type JsonValue } from '../json-value';
import { wildcardMatch } from '../policy';
import type { Rule, RuleFinding } from '../rule';
import { getAttTarget, isLiteral, refTarget, resourcesOfType, textOf, type ResourceRef } from '../template-values';

const SECRETS_MANAGER = 'secretsmanager.amazonaws.com';

/** Whether a permission lets Secrets Manager invoke the function for one schedule's secret, only for others, or either. */
type Coverage = 'covers' | 'elsewhere' | 'unknown';

/**
 * A rotation schedule that names a Lambda function of its template (RotationLambdaARN) needs that function's resource
 * policy to let Secrets Manager invoke it for the schedule's secret: Secrets Manager checks it when the function is
 * set on the secret, and invokes the function through it at every rotation. The schedule must also be created after
 * the permission, which CloudFormation only knows from a DependsOn (CDK's addRotationSchedule adds one). A hosted
 * rotation (HostedRotationLambda) or a serverless application's function brings its own permission.
 */
export const rotationInvokePermission: Rule = {
  id: 'rotation-invoke-permission',
  severity: 'error',
  title: 'Secrets Manager may invoke the rotation functions of the template',
  awsBehaviour:
    'When a rotation function is set on a secret, Secrets Manager checks that the function policy allows ' +
    'secretsmanager.amazonaws.com lambda:InvokeFunction and refuses with access denied otherwise; a permission with ' +
    'aws:SourceArn lets the function rotate only the secret that ARN names (Permissions for rotation; Troubleshoot ' +
    'rotation). Without it the rotation schedule fails, or later every rotation fails and the secret is never rotated.',
  docUrl:
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets-required-permissions-function.html',
  check: (assembly) => {
    const allPermissions = assembly.stacks.flatMap((stack) => resourcesOfType(stack, 'AWS::Lambda::Permission'));
    return assembly.stacks.flatMap((stack) =>
      resourcesOfType(stack, 'AWS::SecretsManager::RotationSchedule').flatMap((schedule): RuleFinding[] => {
        const properties = schedule.resource.Properties;
        if (properties.HostedRotationLambda !== undefined || properties.RotationLambdaARN === undefined) return [];
        const functionId =
          getAttTarget(properties.RotationLambdaARN)?.logicalId ?? refTarget(properties.RotationLambdaARN);
        const fn = functionId === undefined ? undefined : stack.template.Resources[functionId];
        if (functionId === undefined || fn?.Type !== 'AWS::Lambda::Function') return [];
        const functionRef: ResourceRef = { stack, logicalId: functionId, resource: fn };
        const permissions = allPermissions.filter((p) => admitsSecretsManager(p, functionRef));
        const unreadable = allPermissions.filter(
          (p) => !permissions.includes(p) && mayNameFunction(p) && mayAdmitSecretsManager(p),
        );
        const judged = permissions.map((p) => ({ permission: p, coverage: coverage(p, schedule) }));
        const covering = judged.filter((j) => j.coverage === 'covers').map((j) => j.permission);
        const where = { stack, logicalId: schedule.logicalId, resource: schedule.resource };
        if (covering.length > 0) {
          if (covering.some((p) => createdBefore(assembly, p, schedule))) return [];
          const ids = covering.map((p) => p.logicalId).join(', ');
          return [
            {
              ...where,
              severity: 'error',
              message:
                `the schedule is not created after ${ids}, the permission that lets Secrets Manager invoke ` +
                `${functionId}: on the stack's creation Secrets Manager can check the function before the permission exists and ` +
                `refuse the schedule; add DependsOn ${covering[0].logicalId} (schedule.node.addDependency(permission))`,
            },
          ];
        }
        const secret = refTarget(properties.SecretId) ?? `'${textOf(properties.SecretId)}'`;
        if (judged.some((j) => j.coverage === 'unknown') || unreadable.length > 0) {
          const unknown = judged.filter((j) => j.coverage === 'unknown').map((j) => j.permission);
          const ids = [...unknown, ...unreadable].map((p) => p.logicalId).join(', ');
          return [
            {
              ...where,
              severity: 'warning',
              message:
                `cannot tell whether ${ids} lets Secrets Manager invoke ${functionId} for secret ${secret}; ` +
                'make sure a permission for secretsmanager.amazonaws.com has this secret as SourceArn, or none',
            },
          ];
        }
        if (judged.length > 0) {
          const ids = judged.map((j) => j.permission.logicalId).join(', ');
          return [
            {
              ...where,
              severity: 'error',
              message:
                `${ids} lets Secrets Manager invoke ${functionId} only for another secret or account (SourceArn, ` +
                `SourceAccount), not for secret ${secret}: add a permission with this secret as SourceArn, or Secrets Manager refuses the schedule ` +
                'and the secret is never rotated',
            },
          ];
        }
        return [
          {
            ...where,
            severity: 'error',
            message:
              `the schedule rotates with ${functionId}, but no AWS::Lambda::Permission lets ${SECRETS_MANAGER} ` +
              'invoke it: add one (Action lambda:InvokeFunction, SourceArn the secret) and make the schedule ' +
              'depend on it, or Secrets Manager refuses the schedule and the secret is never rotated',
          },
        ];
      }),
    );
  },
};

/** True when the permission names the function (GetAtt Arn, Ref, or its literal name) and grants Secrets Manager invoke. */
function admitsSecretsManager(permission: ResourceRef, fn: ResourceRef): boolean {
  const p = permission.resource.Properties;
  if (!isSecretsManager(p.Principal) || !invokes(p.Action)) return false;
  const named = getAttTarget(p.FunctionName)?.logicalId ?? refTarget(p.FunctionName);
  if (named !== undefined) return permission.stack === fn.stack && named === fn.logicalId;
  const name = asString(fn.resource.Properties.FunctionName);
  const text = asString(p.FunctionName);
  return name !== undefined && text !== undefined && functionName(text) === name;
}

/** A permission whose FunctionName is a token that names no resource of its stack (a parameter, an import). */
function mayNameFunction(permission: ResourceRef): boolean {
  const value = permission.resource.Properties.FunctionName;
  const named = getAttTarget(value)?.logicalId ?? refTarget(value);
  if (named !== undefined) return permission.stack.template.Resources[named] === undefined;
  return !isLiteral(textOf(value));
}

function mayAdmitSecretsManager(permission: ResourceRef): boolean {
  const p = permission.resource.Properties;
  return (isSecretsManager(p.Principal) || !isLiteral(textOf(p.Principal))) && invokes(p.Action);
}

function isSecretsManager(principal: JsonValue | undefined): boolean {
  const text = textOf(principal);
  return text === SECRETS_MANAGER || text === 'secretsmanager.${AWS::URLSuffix}';
}

function invokes(action: JsonValue | undefined): boolean {
  return ['lambda:InvokeFunction', 'lambda:*', '*'].includes(asString(action) ?? '');
}

/** The function name of a Lambda ARN (`…:function:name[:qualifier]`), or the text itself. */
function functionName(text: string): string {
  const at = text.indexOf(':function:');
  return at < 0 ? text : text.slice(at + ':function:'.length).split(':')[0];
}

/** Whether the permission's SourceArn / SourceAccount let it serve the schedule's secret. */
function coverage(permission: ResourceRef, schedule: ResourceRef): Coverage {
  const p = permission.resource.Properties;
  const account = p.SourceAccount === undefined ? undefined : textOf(p.SourceAccount);
  const stackAccount = schedule.stack.environment.account;
  if (account !== undefined && isLiteral(account) && stackAccount !== undefined && account !== stackAccount) {
    return 'elsewhere';
  }
  if (p.SourceArn === undefined) return 'covers';
  const secret = schedule.resource.Properties.SecretId;
  if (JSON.stringify(p.SourceArn) === JSON.stringify(secret)) return 'covers';
  const sourceId = secretOf(permission.stack, refTarget(p.SourceArn));
  const secretId = secretOf(schedule.stack, refTarget(secret));
  if (permission.stack === schedule.stack && sourceId !== undefined && secretId !== undefined) {
    if (sourceId === secretId) return 'covers';
    // Two secrets of the stack are two secrets; anything else (a parameter) may hold the same ARN.
    return isSecret(schedule.stack, sourceId) && isSecret(schedule.stack, secretId) ? 'elsewhere' : 'unknown';
  }
  const source = textOf(p.SourceArn);
  const target = textOf(secret);
  if (isLiteral(source) && isLiteral(target) && target.startsWith('arn:')) {
    return wildcardMatch(source, target) ? 'covers' : 'elsewhere';
  }
  return 'unknown';
}

/** The secret a Ref names: a SecretTargetAttachment's Ref is its secret's ARN, so it stands for that secret. */
function secretOf(stack: AssemblyStack, logicalId: string | undefined): string | undefined {
  const resource = logicalId === undefined ? undefined : stack.template.Resources[logicalId];
  if (resource?.Type !== 'AWS::SecretsManager::SecretTargetAttachment') return logicalId;
  return refTarget(resource.Properties.SecretId) ?? logicalId;
}

function isSecret(stack: AssemblyStack, logicalId: string): boolean {
  return stack.template.Resources[logicalId]?.Type === 'AWS::SecretsManager::Secret';
}

/** True when the permission exists before the schedule is created: an earlier stack, or a dependency in the same one. */
function createdBefore(assembly: CloudAssembly, permission: ResourceRef, schedule: ResourceRef): boolean {
  if (permission.stack !== schedule.stack) return deployedBefore(assembly, schedule.stack).has(permission.stack);
  return dependsOn(schedule.stack, schedule.logicalId, permission.logicalId);
}

/** True when CloudFormation creates `from` after `to`: a DependsOn or a reference, directly or through others. */
function dependsOn(stack: AssemblyStack, from: string, to: string): boolean {
  const seen = new Set<string>();
  const pending = [from];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    const resource = stack.template.Resources[id];
    if (resource === undefined) continue;
    const next = [...[resource.DependsOn ?? []].flat(), ...referencesIn(resource.Properties)];
    for (const target of next) {
      if (target === to) return true;
      if (!seen.has(target)) {
        seen.add(target);
        pending.push(target);
      }
    }
  }
  return false;
}

/** Every logical id a value references by Ref, Fn::GetAtt or `${X}` / `${X.Attr}` in a Fn::Sub. */
function referencesIn(value: JsonValue | undefined): string[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  const object = asObject(value);
  if (object === undefined) return [];
  const ref = refTarget(object);
  if (ref !== undefined) return [ref];
  const getAtt = getAttTarget(object);
  if (getAtt !== undefined) return [getAtt.logicalId];
  const sub = object['Fn::Sub'];
  if (sub !== undefined) {
    const text = asString(sub) ?? asString(asList(sub)[0]) ?? '';
    const named = [...text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[^}]*)?\}/g)].map((m) => m[1]);
    return [...named, ...referencesIn(asList(sub)[1])];
  }
  return Object.values(object).flatMap(referencesIn);
}
