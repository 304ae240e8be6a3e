/**
 * Bundles each Lambda handler (lambdas/<name>/index.ts) into bundles/<name>/index.js, the asset its function
 * deploys: at pack time for the installed package, and before every synth from source (scripts/dev-app.ts,
 * the test run's global setup). One esbuild run each, a few milliseconds; the file is replaced atomically so
 * processes bundling at once never read half a file.
 */
import { buildSync, type BuildOptions } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDA_HANDLERS, lambdaBundleDir, toolFile } from '../model/tool-files';

/** How every handler is bundled: CommonJS for Node 24, minified, the SDK left to the Lambda runtime's own. */
export const HANDLER_BUNDLE_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  minify: true,
  external: ['@aws-sdk/*'],
  logLevel: 'silent',
};

export function handlerEntry(name: string): string {
  return toolFile('lambdas', name, 'index.ts');
}

export function bundleLambdas(): void {
  for (const name of LAMBDA_HANDLERS) {
    const result = buildSync({
      ...HANDLER_BUNDLE_OPTIONS,
      entryPoints: [handlerEntry(name)],
      write: false,
      outfile: 'index.js',
    });
    const dir = lambdaBundleDir(name);
    mkdirSync(dir, { recursive: true });
    const temporary = join(dir, `.index.js.${process.pid}`);
    writeFileSync(temporary, result.outputFiles[0].contents);
    renameSync(temporary, join(dir, 'index.js'));
  }
}

if (require.main === module) bundleLambdas();
