import { stringify } from 'yaml';
import type { JsonValue } from '../../../../core/preflight/json-value';
import { codebuildNodeVersion, nodeMajor } from '../../../../core/preflight/rules/codebuild-node-version';
import { assemblyOf, codeBuildProject, runRule, severities, stack } from '../harness';

function spec(nodejs: JsonValue | undefined, command = 'npx cdk synth'): string {
  const install = nodejs === undefined ? {} : { 'runtime-versions': { nodejs } };
  return JSON.stringify({ version: '0.2', phases: { install, build: { commands: [command] } } });
}

const check = (buildSpec: JsonValue | undefined) =>
  runRule(codebuildNodeVersion, assemblyOf(stack('app', { resources: { Project: codeBuildProject(buildSpec) } })));

describe('codebuild-node-version', () => {
  test.each<JsonValue>([22, '22', '22.x', '24.1'])('compliant: nodejs %p', (nodejs) => {
    expect(check(spec(nodejs))).toEqual([]);
  });

  test('compliant: a YAML BuildSpec is read as well', () => {
    const yaml = stringify({
      version: 0.2,
      phases: { install: { 'runtime-versions': { nodejs: 22 } }, build: { commands: ['npm test'] } },
    });
    expect(check(yaml)).toEqual([]);
  });

  test('compliant: a build that runs no Node needs no pin', () => {
    expect(check(spec(undefined, 'docker build .'))).toEqual([]);
  });

  test.each<JsonValue | undefined>([undefined, 18, 20, '20.x', 'latest'])('non-compliant: nodejs %p', (nodejs) => {
    const findings = check(spec(nodejs));
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', logicalId: 'Project', constructPath: 'app/Project/Resource' }),
    ]);
  });

  test.each(['cdk -a . deploy app', 'npx bluegreen render', 'cdk-assets publish x', 'X=$(node -p 1)'])(
    'non-compliant: %s runs on the default Node',
    (command) => {
      expect(severities(check(spec(undefined, command)))).toEqual(['error']);
    },
  );

  test.each([undefined, 'buildspecs/build.yml'])(
    'warning: a BuildSpec from the source (%p) cannot be checked',
    (buildSpec) => {
      expect(severities(check(buildSpec))).toEqual(['warning']);
    },
  );

  test('nodeMajor reads numbers and version strings, not aliases', () => {
    expect([nodeMajor(22), nodeMajor('20.x'), nodeMajor('latest'), nodeMajor(undefined)]).toEqual([
      22,
      20,
      undefined,
      undefined,
    ]);
  });
});
