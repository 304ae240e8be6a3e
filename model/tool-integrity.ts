import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { TOOL_PACKAGE } from './tool-files';

/** The tool as the application's lockfile records it. */
export interface LockedTool {
  /** `sha512-<base64>` of its tarball. */
  readonly integrity: string;
  /**
   * Where npm got it (`resolved`): a registry URL, or `file:<path>` for a tarball inside the repository, relative to
   * the lockfile's directory. @default - not recorded
   */
  readonly resolved?: string;
}

/**
 * The tool's entry at `version` in a lockfile of npm 7 or later (`packages`), wherever the tool is installed in it
 * (the root's node_modules or a workspace's), when that entry records an integrity.
 */
export function lockedTool(lockfile: unknown, version: string): LockedTool | undefined {
  const packages = (
    lockfile as { packages?: Record<string, { version?: unknown; integrity?: unknown; resolved?: unknown }> }
  )?.packages;
  for (const [path, entry] of Object.entries(packages ?? {})) {
    if (path !== `node_modules/${TOOL_PACKAGE}` && !path.endsWith(`/node_modules/${TOOL_PACKAGE}`)) continue;
    if (
      entry.version === version &&
      typeof entry.integrity === 'string' &&
      /^sha512-[A-Za-z0-9+/]+=*$/.test(entry.integrity)
    ) {
      return {
        integrity: entry.integrity,
        ...(typeof entry.resolved === 'string' ? { resolved: entry.resolved } : {}),
      };
    }
  }
  return undefined;
}

/** The tool as found in the nearest lockfile at or above `cwd` that records it, with the tarball's path for `file:`. */
export interface FoundTool extends LockedTool {
  /** The absolute path of the tarball, when the lockfile resolves the tool to a file of the repository. @default - none */
  readonly tarball?: string;
}

/**
 * The tool from the nearest package-lock.json at or above `cwd` that records it (the application's repository, or its
 * workspace root), or undefined.
 */
export function findLockedTool(cwd: string, version: string): FoundTool | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const lockfile = join(dir, 'package-lock.json');
    if (existsSync(lockfile)) {
      const found = lockedTool(JSON.parse(readFileSync(lockfile, 'utf8')) as unknown, version);
      if (found) {
        const file = found.resolved?.startsWith('file:')
          ? resolve(dir, found.resolved.slice('file:'.length))
          : undefined;
        return file === undefined ? found : { ...found, tarball: file };
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
