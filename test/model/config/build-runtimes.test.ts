import { imageHasRuntime } from '../../../model/config/build-runtimes';
import { configProblems, yamlWith } from '../../support/configs';

const withRuntime = (runtime: Record<string, string>) =>
  configProblems(
    yamlWith((raw) => {
      raw.build = { test: { runtime, commands: ['make test'] } };
    }),
  );

test.each([
  ['python', '3.12'],
  ['python', '3.x'],
  ['python', 'latest'],
  ['java', 'corretto21'],
  ['java', 'corretto21.x'],
  ['golang', '1.x'],
  ['dotnet', '8.0'],
  ['ruby', '4.0'],
] as const)('standard:7.0 has %s %s', (runtime, version) => {
  expect(imageHasRuntime(runtime, version)).toBe(true);
});

test.each([
  ['python', '3.8'],
  ['python', '2.x'],
  ['java', 'corretto22'],
  ['golang', '1.19'],
  ['php', '7.4'],
] as const)('standard:7.0 has no %s %s', (runtime, version) => {
  expect(imageHasRuntime(runtime, version)).toBe(false);
});

test('a version the image does not have stops validation, naming the versions it has', () => {
  expect(withRuntime({ python: '3.8' })).toEqual([
    "build.test.runtime.python: is not on CodeBuild's standard:7.0 image, which has 3.9, 3.10, 3.11, 3.12, 3.13, 3.14 " +
      "(or a major as 'N.x', or 'latest') (got \"3.8\")",
  ]);
  expect(withRuntime({ python: '3.12', java: 'corretto21' })).toEqual([]);
});
