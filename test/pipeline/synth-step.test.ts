import { loadBuildSpec } from '../../pipeline/delivery/buildspec-file';
import { synthStepCommands } from '../../pipeline/delivery/synth-step';

const SPEC = loadBuildSpec('synth.yml');

describe('the Build step commands', () => {
  test("run the application's tests after the guardrails check and before synth, in their runtime beside Node", () => {
    const spec = synthStepCommands(SPEC, {
      test: { runtime: { python: '3.12' }, commands: ['pip install -r requirements.txt', 'python -m pytest'] },
    });
    expect(spec.commands).toEqual([
      'npx --no bluegreen guardrails check --parameter "$GUARDRAILS_PARAMETER"',
      'pip install -r requirements.txt',
      'python -m pytest',
      'npx --no bluegreen cdk synth --quiet',
      'npx --no bluegreen preflight cdk.out',
    ]);
    expect(spec.installCommands).toEqual(['npm ci --ignore-scripts']);
    expect(spec.rest).toEqual({ phases: { install: { 'runtime-versions': { nodejs: 22, python: '3.12' } } } });
  });

  test('with test: none run the guardrails check, synth and preflight only, on Node alone', () => {
    const spec = synthStepCommands(SPEC, { test: 'none' });
    expect(spec.commands).toEqual([
      'npx --no bluegreen guardrails check --parameter "$GUARDRAILS_PARAMETER"',
      'npx --no bluegreen cdk synth --quiet',
      'npx --no bluegreen preflight cdk.out',
    ]);
    expect(spec.rest).toEqual({ phases: { install: { 'runtime-versions': { nodejs: 22 } } } });
  });

  test('refuse a synth.yml without the guardrails check, which the tests must follow', () => {
    const withoutCheck = { ...SPEC, commands: SPEC.commands.filter((c) => !c.includes('guardrails')) };
    expect(() => synthStepCommands(withoutCheck, { test: 'none' })).toThrow(
      "buildspecs/synth.yml: no 'bluegreen guardrails check' command to run the tests after",
    );
  });
});
