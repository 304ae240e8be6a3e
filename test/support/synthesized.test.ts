import { readdirSync } from 'node:fs';
import { shippedConfig } from './configs';
import { SYNTH_CACHE_ENV } from './synth-cache-env';
import { stageStacks, synthesized } from './synthesized';

// The shared synthesis itself (see synthesized.ts); the shipped configuration is in the run's cache anyway.
describe('synthesized()', () => {
  const first = synthesized();

  test('returns the same templates for the same configuration, whoever asks', () => {
    expect(synthesized(shippedConfig(), 'commit-1')).toBe(first);
    expect(Object.keys(first.environments)).toEqual(['staging', 'prod']);
    first.pipeline.resourceCountIs('AWS::CodePipeline::Pipeline', 1);
  });

  test("lists every stack by construct path, an environment's stage stacks by id, each template the one above", () => {
    const service = stageStacks(first, 'prod').Service;
    expect(service.template).toBe(first.environments.prod);
    expect(first.stacks[service.path]).toBe(service);
    expect(service.path).toMatch(/\/prod\/Service$/);
    expect(Object.values(first.stacks).filter((s) => s.template === first.pipeline)).toHaveLength(1);
    expect(service.region).toBe(shippedConfig().environments.find((e) => e.name === 'prod')!.region);
  });

  test('keeps them in the run cache, where every worker finds them', () => {
    const dir = process.env[SYNTH_CACHE_ENV];
    expect(dir).toEqual(expect.any(String));
    expect(readdirSync(dir!).filter((f) => f.endsWith('.json')).length).toBeGreaterThanOrEqual(1);
  });

  test('hands them out frozen, so no test can change what another reads', () => {
    const resources = (first.environments.staging.toJSON() as { Resources: Record<string, unknown> }).Resources;
    expect(Object.isFrozen(resources)).toBe(true);
    expect(() => {
      resources.Extra = { Type: 'AWS::SNS::Topic' };
    }).toThrow(TypeError);
  });
});
