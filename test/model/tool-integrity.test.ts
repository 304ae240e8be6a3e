import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findToolIntegrity, lockedToolIntegrity } from '../../model/tool-integrity';

const INTEGRITY = `sha512-${'A'.repeat(86)}==`;
const lockWith = (path: string, entry: Record<string, unknown>) => ({
  lockfileVersion: 3,
  packages: { '': { name: 'app' }, [path]: entry },
});

describe('lockedToolIntegrity', () => {
  test("reads the integrity of the tool's entry at that version, at the root or in a workspace", () => {
    const entry = { version: '1.2.3', integrity: INTEGRITY };
    expect(lockedToolIntegrity(lockWith('node_modules/ecs-bluegreen-pipeline', entry), '1.2.3')).toBe(INTEGRITY);
    expect(lockedToolIntegrity(lockWith('infra/node_modules/ecs-bluegreen-pipeline', entry), '1.2.3')).toBe(INTEGRITY);
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
    expect(lockedToolIntegrity(lockWith(path, entry), '1.2.3')).toBeUndefined();
  });

  test('is undefined for a lockfile without packages (npm 6)', () => {
    expect(lockedToolIntegrity({ lockfileVersion: 1, dependencies: {} }, '1.2.3')).toBeUndefined();
  });
});

describe('findToolIntegrity', () => {
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
    expect(findToolIntegrity(join(root, 'infra'), '1.2.3')).toBe(INTEGRITY);
  });

  test('is undefined when no lockfile records the tool', () => {
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify({ lockfileVersion: 3, packages: {} }));
    expect(findToolIntegrity(root, '1.2.3')).toBeUndefined();
  });
});
