import { HOOK_ENVIRONMENT } from '../../../model/lambda-contracts';
import { asObject, asString, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { resourcesOfType } from '../template-values';

/** A CodeDeploy ECS hook with HTTP checks must not run them at AfterInstall, when the test listener still serves blue. */
export const afterInstallHttpChecks: Rule = {
  id: 'after-install-http-checks',
  severity: 'error',
  title: 'HTTP checks of a lifecycle hook never run at AfterInstall',
  awsBehaviour:
    'In an ECS blue/green deployment the test listener is rerouted to the replacement task set only after ' +
    'AfterInstall (AfterAllowTestTraffic is the first hook that reaches green), so checks at AfterInstall test the old version.',
  docUrl:
    'https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html#appspec-hooks-ecs',
  check: (assembly) =>
    assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::Lambda::Function'))
      .filter((fn) => asString(fn.resource.Properties.FunctionName)?.startsWith('CodeDeployHook_') === true)
      .flatMap((fn): RuleFinding[] => {
        const variables = asObject(asObject(fn.resource.Properties.Environment)?.Variables) ?? {};
        const events = (asString(variables[HOOK_ENVIRONMENT.hookEvents]) ?? '').split(',').map((e) => e.trim());
        if (!events.includes('AfterInstall') || !hasChecks(variables.CHECKS)) return [];
        return [
          {
            severity: 'error',
            stack: fn.stack,
            logicalId: fn.logicalId,
            resource: fn.resource,
            message:
              'the hook runs its HTTP checks (CHECKS) at AfterInstall, when the test listener still routes to the ' +
              'original task set: run them at AfterAllowTestTraffic instead',
          },
        ];
      }),
};

/** CHECKS holds at least one check: a non-empty JSON array, or any other non-empty value (a token counts). */
function hasChecks(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return false;
  const text = asString(value);
  if (text === undefined) return true;
  if (text.trim() === '') return false;
  try {
    const parsed = JSON.parse(text) as JsonValue;
    return !Array.isArray(parsed) || parsed.length > 0;
  } catch {
    return true;
  }
}
