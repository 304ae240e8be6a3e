import { build, type Metafile } from 'esbuild';
import { mkdtempSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const REPO = join(__dirname, '..', '..', '..');
export const HOOK_ENTRY = join(REPO, 'lambdas', 'lifecycle-hook', 'index.ts');
export const GATE_ENTRY = join(REPO, 'lambdas', 'integration-gate', 'index.ts');

export interface HookBundle {
  /** The bundled handler, a CommonJS file. */
  readonly file: string;
  readonly bytes: number;
  /** Source files that went into the bundle, relative to the repository. */
  readonly inputs: readonly string[];
  readonly dispose: () => void;
}

/**
 * Bundles a handler (the lifecycle hook unless `entry` names another) the way the environment stack's NodejsFunction does (esbuild, CommonJS,
 * node22, minified, `@aws-sdk/*` left to the runtime). The bundle is written under
 * node_modules/.cache so its `require('@aws-sdk/…')` resolves to this repository's SDK, the way
 * the Lambda runtime resolves its own.
 */
export async function bundleHook(entry: string = HOOK_ENTRY): Promise<HookBundle> {
  const cache = join(REPO, 'node_modules', '.cache');
  mkdirSync(cache, { recursive: true });
  const dir = mkdtempSync(join(cache, `${basename(dirname(entry))}-`));
  const file = join(dir, 'index.js');
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minify: true,
    external: ['@aws-sdk/*'],
    metafile: true,
    absWorkingDir: REPO,
    logLevel: 'silent',
  });
  return {
    file,
    bytes: statSync(file).size,
    inputs: Object.keys((result.metafile as Metafile).inputs),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
