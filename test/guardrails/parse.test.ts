import { ConfigError } from '../../model/config';
import { parseGuardrails } from '../../core/guardrails';
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
      version: 1,
      environments: { requireApproval: ['prod'], requireDeploymentWindow: ['prod'] },
      scan: { mustBlock: ['CRITICAL', 'HIGH'], onlyFixableAllowed: false, allowlistMaxDays: 90 },
    });
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
        const environments = g.environments as Record<string, unknown>;
        environments.requireAproval = environments.requireApproval;
        delete environments.requireApproval;
      }),
      "environments.requireApproval: is required (a list)\nenvironments: unknown field 'requireAproval' (did you mean 'requireApproval'?)",
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
      'an environment listed twice',
      guardrailsYamlWith((g) => (g.environments.requireApproval = ['prod', 'prod'])),
      'environments.requireApproval: lists an environment twice (got ["prod","prod"])',
    ],
    [
      'another version',
      guardrailsYamlWith((g) => ((g as { version: number }).version = 2)),
      'version: must be one of 1 (got 2)',
    ],
  ])('refuses %s, naming the field', (_, text, problems) => {
    expect(problemsOf(text)).toEqual(problems.split('\n'));
  });

  test('refuses an empty document and broken YAML', () => {
    expect(problemsOf('')).toEqual(['is empty']);
    expect(problemsOf('version: 1\nscan: [unclosed\n')[0]).toMatch(/^YAML syntax: /);
  });

  test('the error names the source', () => {
    expect(() => parseGuardrails('version: 1', 'SSM parameter /bluegreen/shop/guardrails')).toThrow(
      'SSM parameter /bluegreen/shop/guardrails is not valid:\n  - environments: is required (a map)',
    );
  });
});
