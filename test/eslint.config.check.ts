import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/configs';

/** The folders from the bottom, each with the folders it may import (eslint.config.mjs). */
const MAY_IMPORT: Record<string, string[]> = {
  model: [],
  pipeline: ['model'],
  core: ['model'],
  cli: ['model', 'pipeline', 'core'],
  lambdas: ['model', 'core'],
  scripts: ['model', 'pipeline', 'core', 'cli', 'lambdas'],
  test: ['model', 'pipeline', 'core', 'cli', 'lambdas', 'scripts'],
  bench: ['model', 'pipeline', 'core', 'cli', 'lambdas', 'scripts', 'test'],
};
const FOLDERS = Object.keys(MAY_IMPORT);

const forms = (target: string): Record<string, string> => ({
  'export-from': `export * from '../${target}/x';\n`,
  index: `export * from '../${target}';\n`,
  'dynamic-import': `export const load = async (): Promise<unknown> => import('../${target}/x');\n`,
  'dynamic-import-template': `export const load = async (): Promise<unknown> => import(\`../${target}/x\`);\n`,
  require: `// eslint-disable-next-line @typescript-eslint/no-require-imports\nexport const x: unknown = require('../${target}/x');\n`,
});

// GIVEN a tree of probe files, one per folder, imported folder and form of import, linted in one run of the real ESLint
// with this repository's config (ESLint loads its config by a dynamic import, which jest's sandbox cannot run).
let work: string;
let rulesByFile: Map<string, string[]>;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'layers-'));
  copyFileSync(join(REPO_ROOT, 'eslint.config.mjs'), join(work, 'eslint.config.mjs'));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(work, 'node_modules'));
  for (const folder of FOLDERS) {
    mkdirSync(join(work, folder));
    for (const target of FOLDERS.filter((f) => f !== folder))
      for (const [form, code] of Object.entries(forms(target)))
        writeFileSync(join(work, folder, `${target}.${form}.ts`), code);
    writeFileSync(join(work, folder, 'package.core.ts'), "export * from '@aws-sdk/core';\n");
  }
  const run = spawnSync(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--format', 'json', '.'],
    {
      cwd: work,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string | null }[] }[];
  rulesByFile = new Map(
    results.map((r) => [r.filePath.slice(work.length + 1), r.messages.map((m) => m.ruleId ?? 'fatal')]),
  );
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

const refused = (file: string) =>
  (rulesByFile.get(file) ?? ['not linted']).some((r) => /^no-restricted-(imports|syntax)$/.test(r));

describe.each(FOLDERS)('%s/', (folder) => {
  const above = FOLDERS.filter((f) => f !== folder && !MAY_IMPORT[folder].includes(f));
  if (above.length > 0)
    test.each(above)(
      'may not import %s/: by export-from, its index, a dynamic import() (of a literal or a template) or a require()',
      (target) => {
        for (const form of Object.keys(forms(target))) {
          const file = `${folder}/${target}.${form}.ts`;
          expect({ file, refused: refused(file) }).toEqual({ file, refused: true });
        }
      },
    );

  if (MAY_IMPORT[folder].length > 0) {
    test.each(MAY_IMPORT[folder])('may import %s/', (target) => {
      const file = `${folder}/${target}.export-from.ts`;
      expect({ file, rules: rulesByFile.get(file) }).toEqual({ file, rules: [] });
    });
  }

  test('judges a package by its name, not as a folder: @aws-sdk/core is not core/', () => {
    // The layers without the SDK refuse it as a package; the others take it.
    expect(refused(`${folder}/package.core.ts`)).toBe(['model', 'pipeline'].includes(folder));
  });
});
