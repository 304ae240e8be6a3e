import type { FrontendPublishSettings } from '../../model/config/frontend-schema';
import { globMatch } from '../../model/glob';
import { contentTypeFor } from './content-type';
import { invalidationPaths } from './invalidation-paths';
import { PublishPlanError } from './publish-plan-error';
import { assertCommit, manifestKey, RELEASES_PREFIX, renderManifest, type ReleaseManifest } from './release-manifest';
import { planRetention, type ExistingObject } from './retention';
import { renderRuntimeConfig } from './runtime-config';

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const NO_CACHE = 'no-cache';
export const INDEX = 'index.html';

/** A file of the build output, by its path relative to the output directory ('/' separators). */
export interface SourceFile {
  readonly path: string;
  readonly size: number;
}

export interface PublishSettings extends FrontendPublishSettings {
  readonly commit: string;
  readonly environment: string;
  readonly apiBaseUrl: string;
}

export interface PublishInput {
  readonly files: readonly SourceFile[];
  readonly existing: readonly ExistingObject[];
  readonly releases: readonly ReleaseManifest[];
  readonly now: Date;
  readonly settings: PublishSettings;
}

/** hashed: content-hashed assets; other: the remaining files; manifest; entry: index.html and the runtime config. */
export type UploadPhase = 'hashed' | 'other' | 'manifest' | 'entry';

export type PublishStep =
  | {
      readonly kind: 'upload';
      readonly phase: UploadPhase;
      readonly key: string;
      /** A file of the build output, or generated text (runtime config, manifest). */
      readonly source: { readonly file: string } | { readonly text: string };
      readonly cacheControl: string;
      readonly contentType: string;
    }
  | { readonly kind: 'invalidate'; readonly paths: readonly string[] }
  | { readonly kind: 'delete'; readonly keys: readonly string[] };

export interface PublishPlan {
  readonly steps: readonly PublishStep[];
  readonly manifest: ReleaseManifest;
  /** Hashed assets already in the bucket: same name, same content, so not uploaded again. */
  readonly unchanged: readonly string[];
  /** Commits of earlier releases whose files stay, newest first. */
  readonly retained: readonly string[];
}

/**
 * The ordered publish of one release to one environment's bucket:
 * 1. hashed assets (immutable, cached for a year) — nothing references them yet;
 * 2. the other files (no-cache);
 * 3. the release manifest — before any entry point, so every file a live page can ask for is listed
 *    in a manifest even when the publish stops halfway;
 * 4. the runtime config and index.html (no-cache), index.html last: the release goes live here;
 * 5. one invalidation of the non-hashed paths (never `/*`: hashed names never change content);
 * 6. deletion of what no release live within `keepPreviousAssetsDays` uses — last, as the only
 *    destructive step, so any failure before it leaves every earlier file in place.
 */
export function planPublish(input: PublishInput): PublishPlan {
  const { settings } = input;
  assertCommit(settings.commit);
  const runtimeConfig = renderRuntimeConfig({
    apiBaseUrl: settings.apiBaseUrl,
    environment: settings.environment,
    version: settings.commit,
  });
  const files = checkedFiles(input.files, settings.runtimeConfigFile);
  const existingKeys = new Set(input.existing.map((o) => o.key));
  const isHashed = (path: string) => globMatch(settings.hashedAssetPattern, path);

  const hashed = files.filter((f) => isHashed(f.path));
  const other = files.filter((f) => !isHashed(f.path) && f.path !== INDEX);
  const upload = (phase: UploadPhase, file: SourceFile, cacheControl: string): PublishStep => ({
    kind: 'upload',
    phase,
    key: file.path,
    source: { file: file.path },
    cacheControl,
    contentType: contentTypeFor(file.path),
  });

  const manifest: ReleaseManifest = {
    commit: settings.commit,
    environment: settings.environment,
    deployedAt: input.now.toISOString(),
    keys: [...files.map((f) => f.path), settings.runtimeConfigFile].sort(),
  };
  const retention = planRetention({
    current: manifest,
    releases: input.releases,
    existing: input.existing,
    now: input.now,
    keepPreviousAssetsDays: settings.keepPreviousAssetsDays,
  });
  const nonHashedKeys = [...other.map((f) => f.path), settings.runtimeConfigFile, INDEX];

  const steps: PublishStep[] = [
    ...hashed.filter((f) => !existingKeys.has(f.path)).map((f) => upload('hashed', f, IMMUTABLE)),
    ...other.map((f) => upload('other', f, NO_CACHE)),
    generated('manifest', manifestKey(settings.commit), renderManifest(manifest)),
    generated('entry', settings.runtimeConfigFile, runtimeConfig),
    upload('entry', { path: INDEX, size: 0 }, NO_CACHE),
    { kind: 'invalidate', paths: invalidationPaths(nonHashedKeys) },
    ...(retention.deletions.length > 0 ? [{ kind: 'delete' as const, keys: retention.deletions }] : []),
  ];
  return {
    steps,
    manifest,
    unchanged: hashed.filter((f) => existingKeys.has(f.path)).map((f) => f.path),
    retained: retention.retained.map((r) => r.commit),
  };
}

function generated(phase: UploadPhase, key: string, text: string): PublishStep {
  return { kind: 'upload', phase, key, source: { text }, cacheControl: NO_CACHE, contentType: contentTypeFor(key) };
}

/** The build output sorted by path, without a runtime config of its own (the generated one replaces it). */
function checkedFiles(files: readonly SourceFile[], runtimeConfigFile: string): SourceFile[] {
  for (const file of files) {
    if (
      file.path.startsWith('/') ||
      file.path.includes('\\') ||
      file.path.split('/').some((s) => s === '..' || s === '')
    ) {
      throw new PublishPlanError(
        `file path '${file.path}' must be relative to the output directory with '/' separators`,
      );
    }
    if (file.path.startsWith(RELEASES_PREFIX)) {
      throw new PublishPlanError(`file '${file.path}' is under ${RELEASES_PREFIX}, which holds the release manifests`);
    }
  }
  if (!files.some((f) => f.path === INDEX)) {
    throw new PublishPlanError(`the build output has no ${INDEX} at its top level`);
  }
  return files.filter((f) => f.path !== runtimeConfigFile).sort((a, b) => a.path.localeCompare(b.path));
}
