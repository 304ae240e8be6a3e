import type { AssemblyStack, CloudAssembly } from './assembly-model';
import type { JsonValue } from './json-value';
import { asString } from './json-value';
import { getAttTarget, isLiteral, parseArn, resourcesOfType, textOf, type ResourceRef } from './template-values';

/**
 * The AWS::IAM::Role a role ARN value names: `{ Fn::GetAtt: [X, 'Arn'] }` in `stack`'s own template, or an
 * ARN (plain or built with Fn::Join) whose role name is the `RoleName` of a role in any stack of the
 * assembly (in the ARN's account when both are known). Undefined when the role is not in the assembly
 * (a bootstrap role, an imported role, a name only known at deploy time).
 */
export function resolveRole(
  assembly: CloudAssembly,
  stack: AssemblyStack,
  value: JsonValue | undefined,
): ResourceRef | undefined {
  const getAtt = getAttTarget(value);
  if (getAtt !== undefined) {
    const resource = stack.template.Resources[getAtt.logicalId];
    return resource?.Type === 'AWS::IAM::Role' ? { stack, logicalId: getAtt.logicalId, resource } : undefined;
  }
  const arn = parseArn(textOf(value));
  if (arn === undefined || arn.service !== 'iam' || !arn.resource.startsWith('role/')) return undefined;
  const roleName = arn.resource.slice(arn.resource.lastIndexOf('/') + 1);
  if (!isLiteral(roleName)) return undefined;
  const accountKnown = isLiteral(arn.account) && arn.account !== '';
  return assembly.stacks
    .filter((s) => !accountKnown || s.environment.account === undefined || s.environment.account === arn.account)
    .flatMap((s) => resourcesOfType(s, 'AWS::IAM::Role'))
    .find((role) => asString(role.resource.Properties.RoleName) === roleName);
}

/** The account id in a role ARN value, when it is written out (not a token). */
export function roleArnAccount(value: JsonValue | undefined): string | undefined {
  const arn = parseArn(textOf(value));
  return arn !== undefined && isLiteral(arn.account) && /^\d{12}$/.test(arn.account) ? arn.account : undefined;
}
