import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PREFLIGHT_RULES } from '../../../../core/preflight/rules';

describe('PREFLIGHT_RULES', () => {
  test('lists forty-seven rules with unique kebab-case ids', () => {
    const ids = PREFLIGHT_RULES.map((r) => r.id);
    expect(ids).toHaveLength(47);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test.each(PREFLIGHT_RULES.map((r) => [r.id, r] as const))('%s is documented and tested', (id, rule) => {
    expect(rule.docUrl).toMatch(/^https:\/\//);
    expect(rule.awsBehaviour.length).toBeGreaterThan(40);
    expect(existsSync(join(__dirname, '..', '..', '..', '..', 'core', 'preflight', 'rules', `${id}.ts`))).toBe(true);
    expect(existsSync(join(__dirname, `${id}.test.ts`))).toBe(true);
  });
});
