import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { TOOL_PACKAGE } from './tool-files';

/**
 * The integrity (`sha512-<base64>`) the application's lockfile records for the tool at `version`, or undefined when
 * no entry of that version has one. Read from a lockfile of npm 7 or later (`packages`), wherever the tool is
 * installed in it (the root's node_modules or a workspace's).
 */
export function lockedToolIntegrity(lockfile: unknown, version: string): string | undefined {
  const packages = (lockfile as { packages?: Record<string, { version?: unknown; integrity?: unknown }> })?.packages;
  for (const [path, entry] of Object.entries(packages ?? {})) {
    if (path !== `node_modules/${TOOL_PACKAGE}` && !path.endsWith(`/node_modules/${TOOL_PACKAGE}`)) continue;
    if (
      entry.version === version &&
      typeof entry.integrity === 'string' &&
      /^sha512-[A-Za-z0-9+/]+=*$/.test(entry.integrity)
    ) {
      return entry.integrity;
    }
  }
  return undefined;
}

/**
 * The tool's integrity from the nearest package-lock.json at or above `cwd` that records it (the application's
 * repository, or its workspace root), or undefined.
 */
export function findToolIntegrity(cwd: string, version: string): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const lockfile = join(dir, 'package-lock.json');
    if (existsSync(lockfile)) {
      const found = lockedToolIntegrity(JSON.parse(readFileSync(lockfile, 'utf8')) as unknown, version);
      if (found) return found;
    }
    if (dirname(dir) === dir) return undefined;
  }
}
