import { protectedTrustReleaseOnly } from '../../../../core/preflight/rules/protected-trust-release-only';
import { PROTECTED_ACCOUNTS_OUTPUT } from '../../../../model/release-split';
import { assemblyOf, resource, runRule, STAGING, stack, TOOLS } from '../harness';

const PROD = '333333333333';
const releaseStack = stack('app-release', {
  outputs: { [PROTECTED_ACCOUNTS_OUTPUT]: { Value: PROD } },
  resources: {
    RenderRole: resource('AWS::IAM::Role', { RoleName: 'app-prod-render-euw1', AssumeRolePolicyDocument: {} }),
  },
});
const trustingTools = (roleName: string) =>
  resource('AWS::IAM::Role', {
    AssumeRolePolicyDocument: {
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Principal: { AWS: `arn:aws:iam::${TOOLS}:root` },
          Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${TOOLS}:role/${roleName}` } },
        },
      ],
    },
  });
const environment = (account: string, roleName: string) =>
  stack(`app-${account}-service`, { account, resources: { Reader: trustingTools(roleName) } });

describe('protected-trust-release-only', () => {
  test("passes a protected stack that trusts a role the release stack creates, and skips other accounts' stacks", () => {
    const findings = runRule(
      protectedTrustReleaseOnly,
      assemblyOf(releaseStack, environment(PROD, 'app-prod-render-euw1'), environment(STAGING, 'anything')),
    );
    expect(findings).toEqual([]);
  });

  test('refuses a protected stack that trusts a tools-account role the release stack does not create', () => {
    const findings = runRule(protectedTrustReleaseOnly, assemblyOf(releaseStack, environment(PROD, 'app-prod-x-euw1')));
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        stackName: `app-${PROD}-service`,
        logicalId: 'Reader',
        message: expect.stringContaining("owns no role 'app-prod-x-euw1'"),
      }),
    ]);
  });

  test("fails closed when the release stack's account is not known at synth time", () => {
    const agnostic = { ...releaseStack, environment: { region: 'eu-west-1' } };
    const findings = runRule(
      protectedTrustReleaseOnly,
      assemblyOf(agnostic, environment(PROD, 'app-prod-render-euw1')),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        stackName: 'app-release',
        message: expect.stringContaining('not known'),
      }),
    ]);
  });

  test('judges nothing without a release stack (no protected environment)', () => {
    expect(runRule(protectedTrustReleaseOnly, assemblyOf(environment(PROD, 'app-prod-x-euw1')))).toEqual([]);
  });
});
