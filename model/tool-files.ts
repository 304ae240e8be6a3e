import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The npm package this tool is installed as. */
export const TOOL_PACKAGE = 'ecs-bluegreen-pipeline';

/**
 * The folder holding the tool's package.json: this repository when the tool runs from source, the installed
 * package (`node_modules/ecs-bluegreen-pipeline`) when it runs compiled from `dist/`. The tool's own files
 * (buildspecs, Lambda bundles, examples, the config schema) are found from here, never from the working
 * directory, which is the application's.
 */
export function toolRoot(): string {
  // Found once per process: every asset, buildspec and example path is resolved from it.
  root ??= findToolRoot(__dirname);
  return root;
}

let root: string | undefined;

function findToolRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === TOOL_PACKAGE
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`${TOOL_PACKAGE}: no package.json of the tool above ${from}`);
  }
}

/** A file of the tool, by its path in the package. */
export function toolFile(...parts: string[]): string {
  return join(toolRoot(), ...parts);
}

/** What the tool's package.json says that the tool reads at run time (it is not part of the compiled output). */
export interface ToolManifest {
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
}

/**
 * The tool's own package-lock.json, shipped in the package under this name (npm never packs a package-lock.json;
 * `prepack` copies it): the release steps install the tool's dependencies from it with `npm ci`, each at the version
 * and integrity this repository tested, instead of resolving them afresh.
 */
export const RELEASE_LOCKFILE = 'release-lock.json';

/** The tool's package.json. */
export function toolManifest(): ToolManifest {
  const manifest = JSON.parse(readFileSync(toolFile('package.json'), 'utf8')) as Partial<ToolManifest>;
  if (typeof manifest.version !== 'string') throw new Error(`${TOOL_PACKAGE}: package.json has no 'version'`);
  return { version: manifest.version, dependencies: manifest.dependencies ?? {} };
}

/** The tool's version, from its package.json. */
export function toolVersion(): string {
  return toolManifest().version;
}

/** The Lambda handlers, each bundled into `bundles/<name>/index.js` (scripts/bundle-lambdas.ts) before synth. */
export const LAMBDA_HANDLERS = [
  'lifecycle-hook',
  'integration-gate',
  'listener-repoint',
  'release-start',
  'database-users',
  'database-rotation',
  'cache-rotation',
] as const;
export type LambdaHandlerName = (typeof LAMBDA_HANDLERS)[number];

/** The folder of a handler's bundle, the asset a function deploys. */
export function lambdaBundleDir(name: LambdaHandlerName): string {
  return toolFile('bundles', name);
}
