import { afterInstallHttpChecks } from '../../../../core/preflight/rules/after-install-http-checks';
import { assemblyOf, resource, runRule, severities, stack } from '../harness';

const CHECKS = JSON.stringify([{ path: '/health' }]);

function check(functionName: string, variables: Record<string, string>) {
  const hook = resource(
    'AWS::Lambda::Function',
    { FunctionName: functionName, Environment: { Variables: variables } },
    'env/Hook/Resource',
  );
  return runRule(afterInstallHttpChecks, assemblyOf(stack('env', { resources: { Hook: hook } })));
}

describe('after-install-http-checks', () => {
  test.each<[string, Record<string, string>]>([
    ['checks at AfterAllowTestTraffic', { HOOK_EVENTS: 'AfterAllowTestTraffic', CHECKS }],
    ['AfterInstall without checks', { HOOK_EVENTS: 'AfterInstall', CHECKS: '[]' }],
    ['no HOOK_EVENTS', { CHECKS }],
  ])('compliant: %s', (_name, variables) => {
    expect(check('CodeDeployHook_app', variables)).toEqual([]);
  });

  test('non-compliant: HTTP checks at AfterInstall among other events', () => {
    const findings = check('CodeDeployHook_app', { HOOK_EVENTS: 'AfterAllowTestTraffic, AfterInstall', CHECKS });
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0]).toMatchObject({ logicalId: 'Hook', constructPath: 'env/Hook/Resource' });
  });

  test('compliant: a function that is not a CodeDeploy hook is not looked at', () => {
    expect(check('other-function', { HOOK_EVENTS: 'AfterInstall', CHECKS })).toEqual([]);
  });
});
