import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version of the installed package, from its package.json (the one `npm pack` ships beside cli/). */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof manifest.version !== 'string') throw new Error("package.json has no 'version'");
  return manifest.version;
}
