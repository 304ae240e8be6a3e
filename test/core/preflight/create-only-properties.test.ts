import {
  createOnlyPaths,
  overlaps,
  pathOfPointer,
  stackOutputUses,
} from '../../../core/preflight/create-only-properties';
import { EXAMPLES, exampleConfig, shippedConfig } from '../../support/configs';
import { synthesized, type SynthesizedTemplates } from '../../support/synthesized';

const OUTPUT = { 'Fn::GetStackOutput': { StackName: 'a', OutputName: 'B' } };

describe('create-only paths', () => {
  test.each([
    ['/properties/DBName', ['DBName']],
    ['/properties/RootDirectory/CreationInfo/OwnerUid', ['RootDirectory', 'CreationInfo', 'OwnerUid']],
    ['/properties/Tags/*/Key', ['Tags', 'Key']],
  ])('%s is the property path %j', (pointer, path) => {
    expect(pathOfPointer(pointer)).toEqual(path);
  });

  test.each<[string[], string[], boolean]>([
    [['SubnetId'], ['SubnetId'], true],
    [['RootDirectory'], ['RootDirectory', 'Path'], true],
    [['Volumes', 'EFSVolumeConfiguration', 'FilesystemId'], ['Volumes'], true],
    [['SubnetIds'], ['SubnetId'], false],
    [['RootDirectory', 'Path'], ['PosixUser', 'Uid'], false],
  ])('a value at %j decides %j: %s', (used, createOnly, expected) => {
    expect(overlaps(used, createOnly)).toBe(expected);
  });

  test('knows both kinds for a type, and nothing for a type it does not list', () => {
    expect(createOnlyPaths('AWS::RDS::DBInstance')).toEqual(
      expect.arrayContaining([
        { path: ['DBInstanceIdentifier'], replacement: 'always' },
        { path: ['DBSnapshotIdentifier'], replacement: 'conditional' },
      ]),
    );
    expect(createOnlyPaths('AWS::Made::Up')).toBeUndefined();
  });
});

describe('stackOutputUses', () => {
  test('finds each Fn::GetStackOutput at its property path, through intrinsic functions and lists', () => {
    const uses = stackOutputUses({
      Name: OUTPUT,
      Subnets: [OUTPUT, 'subnet-1'],
      Config: { 'Fn::If': ['C', { Inner: { 'Fn::Join': ['', ['x', OUTPUT]] } }, { Ref: 'AWS::NoValue' }] },
      Plain: { Ref: 'Other' },
    });

    expect(uses.map((u) => u.path)).toEqual([['Name'], ['Subnets'], ['Config', 'Inner']]);
    expect(uses[0].reference).toEqual(OUTPUT['Fn::GetStackOutput']);
  });

  test('finds nothing in properties without it', () => {
    expect(stackOutputUses({ A: { Ref: 'B' }, C: [{ 'Fn::GetAtt': ['D', 'Arn'] }] })).toEqual([]);
  });
});

describe('the checked-in table', () => {
  const typesOf = (app: SynthesizedTemplates): string[] =>
    [app.pipeline, app.release, ...Object.values(app.environments)].flatMap((template) =>
      template === undefined
        ? []
        : Object.values(template.toJSON().Resources as Record<string, { Type: string }>).map((r) => r.Type),
    );

  test.each<[string, () => SynthesizedTemplates]>([
    ['the shipped config', () => synthesized(shippedConfig())],
    ...EXAMPLES.map((name): [string, () => SynthesizedTemplates] => [
      `example ${name}`,
      () => synthesized(exampleConfig(name)),
    ]),
  ])('knows every AWS resource type of %s', (_name, app) => {
    const unknown = [...new Set(typesOf(app()))].filter(
      (type) => type.startsWith('AWS::') && createOnlyPaths(type) === undefined,
    );
    expect(unknown).toEqual([]);
  });
});
