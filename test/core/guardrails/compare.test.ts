import { compareGuardrails, type GuardrailsV1, type GuardrailsV2, type Violation } from '../../../core/guardrails';
import { exampleGuardrails, guardrailsWith } from './fixtures';

describe('compareGuardrails: a published document may tighten the live guardrails; loosening is reported', () => {
  test('the same guardrails pass', () => {
    expect(compareGuardrails(exampleGuardrails(), exampleGuardrails())).toEqual([]);
  });

  test('stricter proposed guardrails pass', () => {
    const stricter = guardrailsWith((g) => {
      g.protectedAccounts.push('222222222222');
      g.protectedEnvironments.deploymentWindow.maxHoursPerDay = 4;
      g.protectedEnvironments.requireHooks.push('BeforeAllowTraffic');
      g.scan.mustBlock.push('MEDIUM');
      g.scan.allowlistMaxDays = 30;
    });

    expect(compareGuardrails(stricter, exampleGuardrails())).toEqual([]);
  });

  test('forbidding onlyFixable where the live guardrails allow it passes', () => {
    const live = guardrailsWith((g) => (g.scan.onlyFixableAllowed = true));

    expect(compareGuardrails(exampleGuardrails(), live)).toEqual([]);
  });

  test.each<[string, (g: GuardrailsV2) => void, Violation]>([
    [
      'a protected account dropped',
      (g) => (g.protectedAccounts = ['444444444444']),
      {
        path: 'protectedAccounts',
        found: '[444444444444] (drops 333333333333)',
        required: 'to include [333333333333], as the live guardrails do',
      },
    ],
    [
      'a resource type admitted to protected templates',
      (g) => (g.protectedEnvironments.allowResourceTypes = ['AWS::DynamoDB::Table']),
      {
        path: 'protectedEnvironments.allowResourceTypes',
        found: '[AWS::DynamoDB::Table] (admits AWS::DynamoDB::Table)',
        required: 'no types beyond [], as the live guardrails admit',
      },
    ],
    [
      'a wider window',
      (g) => (g.protectedEnvironments.deploymentWindow.maxHoursPerDay = 23),
      {
        path: 'protectedEnvironments.deploymentWindow.maxHoursPerDay',
        found: '23',
        required: 'at most 10, as the live guardrails say',
      },
    ],
    [
      'allAtOnce allowed',
      (g) => (g.protectedEnvironments.deployment.allowAllAtOnce = true),
      {
        path: 'protectedEnvironments.deployment.allowAllAtOnce',
        found: 'true',
        required: 'false, as the live guardrails say',
      },
    ],
    [
      'databases without TLS allowed',
      (g) => (g.protectedEnvironments.database.allowWithoutTls = true),
      {
        path: 'protectedEnvironments.database.allowWithoutTls',
        found: 'true',
        required: 'false, as the live guardrails say',
      },
    ],
    [
      'the master user allowed',
      (g) => (g.protectedEnvironments.database.allowMasterUser = true),
      {
        path: 'protectedEnvironments.database.allowMasterUser',
        found: 'true',
        required: 'false, as the live guardrails say',
      },
    ],
    [
      'a higher alarm threshold',
      (g) => (g.protectedEnvironments.alarms.maxUnhealthyHosts = 5),
      {
        path: 'protectedEnvironments.alarms.maxUnhealthyHosts',
        found: '5',
        required: 'at most 2, as the live guardrails say',
      },
    ],
    [
      'a hook no longer required',
      (g) => (g.protectedEnvironments.requireHooks = ['AfterAllowTestTraffic']),
      {
        path: 'protectedEnvironments.requireHooks',
        found: '[AfterAllowTestTraffic] (drops AfterAllowTraffic)',
        required: 'to include [AfterAllowTestTraffic, AfterAllowTraffic], as the live guardrails do',
      },
    ],
    [
      'a longer allowlist',
      (g) => (g.scan.allowlistMaxEntries = 50),
      { path: 'scan.allowlistMaxEntries', found: '50', required: 'at most 10, as the live guardrails say' },
    ],
    [
      'fewer blocking severities',
      (g) => (g.scan.mustBlock = ['CRITICAL']),
      {
        path: 'scan.mustBlock',
        found: '[CRITICAL] (drops HIGH)',
        required: 'to include [CRITICAL, HIGH], as the live guardrails do',
      },
    ],
    [
      'onlyFixable allowed where the live guardrails forbid it',
      (g) => (g.scan.onlyFixableAllowed = true),
      { path: 'scan.onlyFixableAllowed', found: 'true', required: 'false, as the live guardrails say' },
    ],
    [
      'a longer allowlistMaxDays',
      (g) => (g.scan.allowlistMaxDays = 91),
      { path: 'scan.allowlistMaxDays', found: '91', required: 'at most 90, as the live guardrails say' },
    ],
  ])('%s is refused', (_, change, violation) => {
    expect(compareGuardrails(guardrailsWith(change), exampleGuardrails())).toEqual([violation]);
  });

  test('a proposal that swaps one gate for another is still weaker', () => {
    const swapped = guardrailsWith((g) => (g.scan.mustBlock = ['CRITICAL', 'MEDIUM']));

    expect(compareGuardrails(swapped, exampleGuardrails()).map((v) => v.path)).toEqual(['scan.mustBlock']);
  });

  const v1: GuardrailsV1 = {
    version: 1,
    environments: { requireApproval: ['prod'], requireDeploymentWindow: ['prod'] },
    scan: { mustBlock: ['CRITICAL', 'HIGH'], onlyFixableAllowed: false, allowlistMaxDays: 90 },
  };

  test('migrating from version 1 to 2 compares the scan minimums only; going back to 1 is refused', () => {
    expect(compareGuardrails(exampleGuardrails(), v1)).toEqual([]);
    expect(
      compareGuardrails(
        guardrailsWith((g) => (g.scan.allowlistMaxDays = 400)),
        v1,
      ).map((v) => v.path),
    ).toEqual(['scan.allowlistMaxDays']);
    expect(compareGuardrails(v1, exampleGuardrails())).toEqual([
      { path: 'version', found: '1 (protected environments by name)', required: '2, as the live guardrails are' },
    ]);
  });
});
