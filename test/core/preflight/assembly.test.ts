import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AssemblyError, loadAssembly, parseEnvironment } from '../../../core/preflight/assembly';
import { STAGING, TOOLS, writeAssembly } from './harness';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'preflight-assembly-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const role = {
  Type: 'AWS::IAM::Role',
  Properties: { RoleName: 'r' },
  Metadata: { 'aws:cdk:path': 'app/Role/Resource' },
};

describe('loadAssembly', () => {
  test('reads the root stacks and the stacks of every nested stage assembly', () => {
    writeAssembly(
      dir,
      [
        { id: 'app-pipeline', dependencies: ['support'], template: { Resources: { Role: role } } },
        {
          id: 'support',
          stackName: 'app-support',
          environment: `aws://${STAGING}/eu-west-1`,
          template: { Resources: {} },
        },
      ],
      {
        'app-staging': [
          {
            id: 'appstagingService',
            stackName: 'app-staging-service',
            environment: `aws://${STAGING}/eu-west-1`,
            template: { Resources: {}, Outputs: { Url: { Value: 'x' } } },
          },
        ],
      },
    );

    const assembly = loadAssembly(dir);

    expect(assembly.stacks.map((s) => [s.artifactId, s.stackName, s.assemblyPath, s.environment.account])).toEqual([
      ['appstagingService', 'app-staging-service', 'assembly-app-staging', STAGING],
      ['app-pipeline', 'app-pipeline', '', TOOLS],
      ['support', 'app-support', '', STAGING],
    ]);
    const pipelineStack = assembly.stacks[1];
    expect(pipelineStack.dependencies).toEqual(['support', 'app-pipeline.assets']);
    expect(pipelineStack.template.Resources.Role).toEqual(role);
    expect(assembly.stacks[0].template.Outputs).toEqual({ Url: { Value: 'x' } });
  });

  test('a missing directory is an AssemblyError that says to synthesize first', () => {
    expect(() => loadAssembly(join(dir, 'nope'))).toThrow(/does not exist \(run 'npx cdk synth' first\)/);
  });

  test('a directory without manifest.json is an AssemblyError naming the file', () => {
    expect(() => loadAssembly(dir)).toThrow(AssemblyError);
    expect(() => loadAssembly(dir)).toThrow(`'${join(dir, 'manifest.json')}' does not exist`);
  });

  test('a template that is not JSON is an AssemblyError naming it', () => {
    writeAssembly(dir, [{ id: 'app', template: { Resources: {} } }]);
    writeFileSync(join(dir, 'app.template.json'), '{ not json');
    expect(() => loadAssembly(dir)).toThrow(/app\.template\.json' is not valid JSON/);
  });

  test('a resource without a Type is an AssemblyError', () => {
    writeAssembly(dir, [{ id: 'app', template: { Resources: { Broken: { Properties: {} } } } }]);
    expect(() => loadAssembly(dir)).toThrow("resource 'Broken' has no Type");
  });
});

describe('parseEnvironment', () => {
  test.each([
    ['aws://111111111111/eu-west-1', { account: '111111111111', region: 'eu-west-1' }],
    ['aws://unknown-account/unknown-region', { account: undefined, region: undefined }],
    [undefined, {}],
  ])('%p', (text, expected) => {
    expect(parseEnvironment(text)).toEqual(expected);
  });
});
