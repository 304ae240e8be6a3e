import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLockedTool, lockedTool } from '../../model/tool-integrity';

const INTEGRITY = `sha512-${'A'.repeat(86)}==`;
const lockWith = (path: string, entry: Record<string, unknown>) => ({
  lockfileVersion: 3,
  packages: { '': { name: 'app' }, [path]: entry },
});

describe('lockedTool', () => {
  test("reads the integrity of the tool's entry at that version, at the root or in a workspace", () => {
    const entry = { version: '1.2.3', integrity: INTEGRITY };
    expect(lockedTool(lockWith('node_modules/ecs-bluegreen-pipeline', entry), '1.2.3')).toEqual({
      integrity: INTEGRITY,
    });
    expect(lockedTool(lockWith('infra/node_modules/ecs-bluegreen-pipeline', entry), '1.2.3')).toEqual({
      integrity: INTEGRITY,
    });
  });

  test.each<[string, string, Record<string, unknown>]>([
    ['another version', 'node_modules/ecs-bluegreen-pipeline', { version: '1.2.4', integrity: INTEGRITY }],
    ['no integrity', 'node_modules/ecs-bluegreen-pipeline', { version: '1.2.3' }],
    ['a sha1 integrity', 'node_modules/ecs-bluegreen-pipeline', { version: '1.2.3', integrity: 'sha1-abc=' }],
    [
      'a package whose name only ends the same',
      'node_modules/my-ecs-bluegreen-pipeline',
      { version: '1.2.3', integrity: INTEGRITY },
    ],
  ])('is undefined for %s', (_case, path, entry) => {
    expect(lockedTool(lockWith(path, entry), '1.2.3')).toBeUndefined();
  });

  test('is undefined for a lockfile without packages (npm 6)', () => {
    expect(lockedTool({ lockfileVersion: 1, dependencies: {} }, '1.2.3')).toBeUndefined();
  });
});

describe('findLockedTool', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tool-integrity-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('finds the lockfile of the workspace root above the application directory', () => {
    mkdirSync(join(root, 'infra'));
    writeFileSync(
      join(root, 'package-lock.json'),
      JSON.stringify(lockWith('infra/node_modules/ecs-bluegreen-pipeline', { version: '1.2.3', integrity: INTEGRITY })),
    );
    expect(findLockedTool(join(root, 'infra'), '1.2.3')).toEqual({ integrity: INTEGRITY });
  });

  test('is undefined when no lockfile records the tool', () => {
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: {} }));
    expect(findLockedTool(root, '1.2.3')).toBeUndefined();
  });

  test('gives the path of a vendored tarball, relative to the lockfile that records it, and where npm got any other', () => {
    mkdirSync(join(root, 'infra'));
    const vendored = {
      version: '1.2.3',
      integrity: INTEGRITY,
      resolved: 'file:vendor/ecs-bluegreen-pipeline-1.2.3.tgz',
    };
    writeFileSync(
      join(root, 'package-lock.json'),
      JSON.stringify(lockWith('node_modules/ecs-bluegreen-pipeline', vendored)),
    );
    expect(findLockedTool(join(root, 'infra'), '1.2.3')).toEqual({
      integrity: INTEGRITY,
      resolved: vendored.resolved,
      tarball: join(root, 'vendor', 'ecs-bluegreen-pipeline-1.2.3.tgz'),
    });
    const url = 'https://registry.npmjs.org/ecs-bluegreen-pipeline/-/ecs-bluegreen-pipeline-1.2.3.tgz';
    writeFileSync(
      join(root, 'package-lock.json'),
      JSON.stringify(lockWith('node_modules/ecs-bluegreen-pipeline', { ...vendored, resolved: url })),
    );
    expect(findLockedTool(root, '1.2.3')).toEqual({ integrity: INTEGRITY, resolved: url });
  });
});
