import type { CloudAssembly } from './assembly-model';
import type { JsonValue } from './json-value';
import { allowsAction, roleStatements } from './policy';
import { resolveRole } from './role-lookup';
import type { RuleFinding } from './rule';
import { textOf, type ResourceRef } from './template-values';

export interface RoleMustAllow {
  /** The resources whose role is checked. */
  readonly resources: readonly ResourceRef[];
  /** The property naming each resource's role (`Role`, `ServiceRole`, …). */
  readonly roleOf: (resource: ResourceRef) => JsonValue | undefined;
  readonly actions: readonly string[];
  /** The warning when the role is not defined in the assembly, given the role as text. */
  readonly unresolved: (role: string) => string;
  /** The error naming the role's logical id and the actions it lacks. */
  readonly lacking: (roleLogicalId: string, missing: readonly string[]) => string;
}

/**
 * For every resource, its role (resolved in the assembly) must allow every action: an error naming what is
 * missing, or a warning when the role cannot be found (so it cannot be checked).
 */
export function roleMustAllow(assembly: CloudAssembly, check: RoleMustAllow): RuleFinding[] {
  return check.resources.flatMap((ref): RuleFinding[] => {
    const where = { stack: ref.stack, logicalId: ref.logicalId, resource: ref.resource };
    const roleValue = check.roleOf(ref);
    const role = resolveRole(assembly, ref.stack, roleValue);
    if (role === undefined) return [{ ...where, severity: 'warning', message: check.unresolved(textOf(roleValue)) }];
    const statements = roleStatements(role);
    const missing = check.actions.filter((action) => !allowsAction(statements, action));
    return missing.length === 0
      ? []
      : [{ ...where, severity: 'error', message: check.lacking(role.logicalId, missing) }];
  });
}
