import type { AssemblyStack } from '../assembly-model';
import { asList, asObject, asString } from '../json-value';
import { SECRET_ACCOUNTS_VARIABLE } from '../../../model/release-split';
import { resourcesOfType } from '../template-values';
import type { ReleasePrincipals } from './release-principals';

/**
 * What a release stack of the same assembly owns: its account and the fixed names of its roles. Undefined when the
 * stack's account is not known at synth time (then nothing can be admitted from it).
 */
export function releaseStackPrincipals(stack: AssemblyStack): ReleasePrincipals | undefined {
  const account = stack.environment.account;
  if (account === undefined) return undefined;
  const roleNames = resourcesOfType(stack, 'AWS::IAM::Role')
    .map((role) => asString(role.resource.Properties.RoleName))
    .filter((name): name is string => name !== undefined);
  const verifyVariables = resourcesOfType(stack, 'AWS::CodeBuild::Project').flatMap((project) =>
    asList(asObject(project.resource.Properties.Environment)?.EnvironmentVariables).map(asObject),
  );
  const shared = asString(verifyVariables.find((v) => v?.Name === SECRET_ACCOUNTS_VARIABLE)?.Value) ?? '';
  return { account, roleNames: new Set(roleNames), secretAccounts: new Set(shared.split(',').filter(Boolean)) };
}
