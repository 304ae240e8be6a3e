import { build, type Metafile } from 'esbuild';
import { mkdtempSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { HANDLER_BUNDLE_OPTIONS } from '../../../scripts/bundle-lambdas';

const REPO = join(__dirname, '..', '..', '..');
export const HOOK_ENTRY = join(REPO, 'lambdas', 'lifecycle-hook', 'index.ts');
export const GATE_ENTRY = join(REPO, 'lambdas', 'integration-gate', 'index.ts');
export const REPOINT_ENTRY = join(REPO, 'lambdas', 'listener-repoint', 'index.ts');
export const RELEASE_START_ENTRY = join(REPO, 'lambdas', 'release-start', 'index.ts');
export const DATABASE_USERS_ENTRY = join(REPO, 'lambdas', 'database-users', 'index.ts');
export const DATABASE_ROTATION_ENTRY = join(REPO, 'lambdas', 'database-rotation', 'index.ts');

export interface HookBundle {
  /** The bundled handler, a CommonJS file. */
  readonly file: string;
  readonly bytes: number;
  /** Source files that went into the bundle, relative to the repository. */
  readonly inputs: readonly string[];
  readonly dispose: () => void;
}

/**
 * Bundles a handler (the lifecycle hook unless `entry` names another) with the options of the bundles the functions deploy (esbuild, CommonJS,
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
    ...HANDLER_BUNDLE_OPTIONS,
    entryPoints: [entry],
    outfile: file,
    metafile: true,
    absWorkingDir: REPO,
  });
  return {
    file,
    bytes: statSync(file).size,
    inputs: Object.keys((result.metafile as Metafile).inputs),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Bundles `entry` once before the file's tests (as {@link bundleHook}) and disposes of it after them: `handler()` is
 * the bundle's exported handler, loaded as Lambda loads it, `bundle()` the bundle itself.
 */
export function useBundledHandler<H>(entry: string = HOOK_ENTRY): {
  readonly handler: () => H;
  readonly bundle: () => HookBundle;
} {
  let bundle: HookBundle | undefined;
  let handler: H | undefined;
  beforeAll(async () => {
    bundle = await bundleHook(entry);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle is plain CommonJS built at test time
    handler = (require(bundle.file) as { handler: H }).handler;
  });
  afterAll(() => bundle?.dispose());
  const loaded = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error(`the handler of ${entry} is not bundled yet: use it inside a test`);
    return value;
  };
  return { handler: () => loaded(handler), bundle: () => loaded(bundle) };
}
