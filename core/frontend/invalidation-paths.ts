import { PublishPlanError } from './publish-plan-error';

/** CloudFront refuses more than 3000 paths in progress per distribution (wildcards aside). */
export const MAX_INVALIDATION_PATHS = 3000;

/**
 * CloudFront invalidation paths for the non-hashed keys of a release: each key as `/key`, URL-encoded
 * (CloudFront matches the encoded form), `*` encoded so no path is a wildcard, plus `/` and the folder of
 * every index.html (CloudFront caches the viewer path). Sorted, without duplicates; never `/*`.
 */
export function invalidationPaths(keys: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const key of keys) {
    const encoded = `/${key.split('/').map(encodeSegment).join('/')}`;
    paths.add(encoded);
    if (encoded === '/index.html' || encoded.endsWith('/index.html')) {
      paths.add(encoded.slice(0, -'index.html'.length));
    }
  }
  if (paths.size > MAX_INVALIDATION_PATHS) {
    throw new PublishPlanError(
      `${paths.size} non-hashed files would need invalidating (CloudFront allows ${MAX_INVALIDATION_PATHS}); widen hashedAssetPattern`,
    );
  }
  return [...paths].sort();
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
