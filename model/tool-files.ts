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
export function toolRoot(from: string = __dirname): string {
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

/** The tool's version, from its package.json. */
export function toolVersion(): string {
  return (JSON.parse(readFileSync(toolFile('package.json'), 'utf8')) as { version: string }).version;
}

/** The Lambda handlers, each bundled into `bundles/<name>/index.js` (scripts/bundle-lambdas.ts) before synth. */
export const LAMBDA_HANDLERS = ['lifecycle-hook', 'integration-gate'] as const;
export type LambdaHandlerName = (typeof LAMBDA_HANDLERS)[number];

/** The folder of a handler's bundle, the asset a function deploys. */
export function lambdaBundleDir(name: LambdaHandlerName): string {
  return toolFile('bundles', name);
}
