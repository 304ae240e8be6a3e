import { manifestKey, type ReleaseManifest } from './release-manifest';

const DAY_MS = 24 * 60 * 60 * 1000;

/** An object found in the bucket before the publish. */
export interface ExistingObject {
  readonly key: string;
  readonly lastModified: Date;
}

export interface RetentionInput {
  /** The release being published (its manifest as it will be written). */
  readonly current: ReleaseManifest;
  /** Manifests found in the bucket; one of the current commit is replaced by `current`. */
  readonly releases: readonly ReleaseManifest[];
  readonly existing: readonly ExistingObject[];
  readonly now: Date;
  readonly keepPreviousAssetsDays: number;
}

export interface Retention {
  /** Earlier releases whose files stay, newest first. */
  readonly retained: readonly ReleaseManifest[];
  /** Existing keys to delete, sorted. */
  readonly deletions: readonly string[];
}

/**
 * Which files of earlier releases can go. A release was live from its publish until the next one
 * replaced it, and its pages stay open for a while after that; so a release is kept while it was
 * still live within the last `keepPreviousAssetsDays` (the one replaced now always is, unless the
 * window is 0). An object is deleted only when it belongs to no kept release nor the current one, and
 * it is older than the window itself (a file written by a publish that failed before its manifest, or
 * by hand, gets the same grace).
 */
export function planRetention(input: RetentionInput): Retention {
  const { current, now } = input;
  const cutoff = now.getTime() - input.keepPreviousAssetsDays * DAY_MS;
  const earlier = input.releases
    .filter((r) => r.commit !== current.commit)
    .sort((a, b) => Date.parse(a.deployedAt) - Date.parse(b.deployedAt) || a.commit.localeCompare(b.commit));
  const timeline = [...earlier, current];
  const retained = earlier.filter((_, i) => {
    const successor = timeline[i + 1];
    const replacedAt = successor === current ? now.getTime() : Date.parse(successor.deployedAt);
    return replacedAt > cutoff;
  });

  const keep = new Set<string>([...current.keys, manifestKey(current.commit)]);
  for (const release of retained) {
    for (const key of release.keys) keep.add(key);
    keep.add(manifestKey(release.commit));
  }
  const deletions = input.existing
    .filter((o) => !keep.has(o.key) && o.lastModified.getTime() <= cutoff)
    .map((o) => o.key)
    .sort();
  return { retained: [...retained].reverse(), deletions };
}
