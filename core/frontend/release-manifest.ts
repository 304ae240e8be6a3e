import { PublishPlanError } from './publish-plan-error';

/** Where release manifests live in the bucket; no build output may use this prefix. */
export const RELEASES_PREFIX = '.releases/';

/** What one publish wrote: the keys a page of that release may request, and when it went live. */
export interface ReleaseManifest {
  readonly commit: string;
  readonly environment: string;
  /** ISO 8601 time the release was published. */
  readonly deployedAt: string;
  /** Every object key of the release (the manifest itself excluded), sorted. */
  readonly keys: readonly string[];
}

const COMMIT = /^[A-Za-z0-9._-]{1,100}$/;

export function assertCommit(commit: string): void {
  if (!COMMIT.test(commit) || commit === '.' || commit === '..') {
    throw new PublishPlanError(`commit '${commit}' must be 1-100 letters, digits, '.', '_' or '-' (a git SHA or tag)`);
  }
}

export function manifestKey(commit: string): string {
  return `${RELEASES_PREFIX}${commit}.json`;
}

export function renderManifest(manifest: ReleaseManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * Reads a manifest found in the bucket. An unreadable one is an error, not an empty release: guessing
 * would delete files that open sessions still load.
 */
export function parseManifest(key: string, text: string): ReleaseManifest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PublishPlanError(`release manifest ${key} is not JSON; fix or delete it before publishing`);
  }
  const v = value as Partial<Record<keyof ReleaseManifest, unknown>>;
  const valid =
    typeof value === 'object' &&
    value !== null &&
    typeof v.commit === 'string' &&
    typeof v.environment === 'string' &&
    typeof v.deployedAt === 'string' &&
    !Number.isNaN(Date.parse(v.deployedAt)) &&
    Array.isArray(v.keys) &&
    v.keys.every((k) => typeof k === 'string');
  if (!valid) {
    throw new PublishPlanError(
      `release manifest ${key} lacks commit, environment, deployedAt (ISO time) or keys (list of strings); fix or delete it before publishing`,
    );
  }
  return {
    commit: v.commit as string,
    environment: v.environment as string,
    deployedAt: v.deployedAt as string,
    keys: v.keys as string[],
  };
}
