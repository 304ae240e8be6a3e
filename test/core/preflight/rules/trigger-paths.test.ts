import type { JsonObject } from '../../../../core/preflight/json-value';
import { triggerPaths } from '../../../../core/preflight/rules/trigger-paths';
import { assemblyOf, pipeline, runRule, severities, stack } from '../harness';

function check(filePaths: JsonObject) {
  const triggers = [
    {
      ProviderType: 'CodeStarSourceConnection',
      GitConfiguration: {
        SourceActionName: 'Source',
        Push: [{ Branches: { Includes: ['main'] }, FilePaths: filePaths }],
      },
    },
  ];
  return runRule(
    triggerPaths,
    assemblyOf(stack('app', { resources: { Pipeline: pipeline([], { Triggers: triggers }) } })),
  );
}

describe('trigger-paths', () => {
  test.each<[string, JsonObject]>([
    ['Excludes of documentation only', { Excludes: ['**/*.md', 'docs/**'] }],
    ['Includes that cover the build inputs with globs', { Includes: ['service/**', '*.json', 'pipeline.config.yaml'] }],
    ['Includes of everything', { Includes: ['**'] }],
  ])('compliant: %s', (_name, filePaths) => {
    expect(check(filePaths)).toEqual([]);
  });

  test('non-compliant: Includes that leave out package.json, cdk.json and tsconfig.json', () => {
    const findings = check({ Includes: ['service/**', 'package-lock.json'] });
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain('does not match package.json, cdk.json, tsconfig.json');
  });

  test('non-compliant: more than 8 patterns', () => {
    const nine = ['a/**', 'b/**', 'c/**', 'd/**', 'e/**', 'f/**', 'g/**', 'h/**', 'i/**'];
    const findings = check({ Excludes: nine });
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('FilePaths.Excludes has 9 patterns')]);
  });

  test('non-compliant: Excludes that match a build input', () => {
    const findings = check({ Excludes: ['**/*.md', '*.json'] });
    expect(findings[0].message).toContain('Excludes matches package.json, package-lock.json, cdk.json, tsconfig.json');
  });

  test('compliant: a single star does not cross folders, so nested JSON excludes leave the root files alone', () => {
    expect(check({ Excludes: ['docs/*.json'] })).toEqual([]);
  });
});
