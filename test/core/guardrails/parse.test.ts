import { ConfigError } from '../../../model/config';
import { parseGuardrails } from '../../../core/guardrails';
import { exampleGuardrails, guardrailsYamlWith } from './fixtures';

function problemsOf(text: string): readonly string[] {
  try {
    parseGuardrails(text, 'guardrails.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseGuardrails', () => {
  test('reads guardrails.example.yaml', () => {
    expect(exampleGuardrails()).toEqual({
      version: 2,
      protectedAccounts: ['333333333333'],
      protectedEnvironments: {
        deploymentWindow: { maxHoursPerDay: 10, maxDaysPerWeek: 5 },
        deployment: { allowAllAtOnce: false },
        alarms: { maxTarget5xxCount: 10, maxP99LatencyMs: 3000, maxUnhealthyHosts: 2, maxEvaluationPeriods: 3 },
        requireHooks: ['AfterAllowTestTraffic', 'AfterAllowTraffic'],
        minChecks: 1,
        database: { allowWithoutTls: false, allowMasterUser: false },
        allowResourceTypes: [],
      },
      scan: {
        mustBlock: ['CRITICAL', 'HIGH'],
        onlyFixableAllowed: false,
        allowlistMaxDays: 90,
        allowlistMaxEntries: 10,
      },
    });
  });

  test('still reads a version 1 document (names), which the check then refuses with how to migrate', () => {
    const v1 =
      'version: 1\nenvironments: { requireApproval: [prod], requireDeploymentWindow: [prod] }\n' +
      'scan: { mustBlock: [CRITICAL], onlyFixableAllowed: false, allowlistMaxDays: 90 }\n';
    expect(parseGuardrails(v1, 'v1.yaml').version).toBe(1);
  });

  test('reads the same document as JSON (what an SSM parameter may hold)', () => {
    expect(parseGuardrails(JSON.stringify(exampleGuardrails()), 'parameter')).toEqual(exampleGuardrails());
  });

  test.each<[string, string, string]>([
    [
      'a missing minimum (never read as "no minimum")',
      guardrailsYamlWith((g) => delete (g.scan as Partial<typeof g.scan>).allowlistMaxDays),
      'scan.allowlistMaxDays: is required (a number)',
    ],
    [
      'a misspelt field',
      guardrailsYamlWith((g) => {
        const raw = g as unknown as Record<string, unknown>;
        raw.protectedAcounts = raw.protectedAccounts;
        delete raw.protectedAccounts;
      }),
      "protectedAccounts: is required (a list)\n(top level): unknown field 'protectedAcounts' (did you mean 'protectedAccounts'?)",
    ],
    [
      'no protected account',
      guardrailsYamlWith((g) => (g.protectedAccounts = [])),
      'protectedAccounts: needs at least one account: without one, nothing is protected (got [])',
    ],
    [
      'an account that is no account id',
      guardrailsYamlWith((g) => (g.protectedAccounts = ['33333333333'])),
      'protectedAccounts[0]: must be a 12-digit AWS account id (quote it in YAML) (got "33333333333")',
    ],
    [
      'a window maximum of 24 hours (around the clock)',
      guardrailsYamlWith((g) => (g.protectedEnvironments.deploymentWindow.maxHoursPerDay = 24)),
      'protectedEnvironments.deploymentWindow.maxHoursPerDay: Too big: expected number to be <=23 (got 24)',
    ],
    [
      'an unknown severity',
      guardrailsYamlWith((g) => ((g.scan.mustBlock as string[]) = ['CRITICAL', 'SEVERE'])),
      'scan.mustBlock[1]: must be one of "CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED" (got "SEVERE")',
    ],
    [
      'a negative allowlistMaxDays',
      guardrailsYamlWith((g) => (g.scan.allowlistMaxDays = -1)),
      'scan.allowlistMaxDays: Too small: expected number to be >=0 (got -1)',
    ],
    [
      'an account listed twice',
      guardrailsYamlWith((g) => (g.protectedAccounts = ['333333333333', '333333333333'])),
      'protectedAccounts: lists an account twice (got ["333333333333","333333333333"])',
    ],
    [
      'another version',
      guardrailsYamlWith((g) => ((g as { version: number }).version = 3)),
      'version: must be one of 1, 2 (got 3)',
    ],
  ])('refuses %s, naming the field', (_, text, problems) => {
    expect(problemsOf(text)).toEqual(problems.split('\n'));
  });

  test('refuses an empty document and broken YAML', () => {
    expect(problemsOf('')).toEqual(['is empty']);
    expect(problemsOf('version: 1\nscan: [unclosed\n')[0]).toMatch(/^YAML syntax: /);
  });

  test('the error names the source', () => {
    expect(() => parseGuardrails('version: 2', 'SSM parameter /bluegreen/shop/guardrails')).toThrow(
      'SSM parameter /bluegreen/shop/guardrails is not valid:\n  - protectedAccounts: is required (a list)',
    );
  });
});
