import type { ImageRef } from '../scan-gate';

/** A candidate's image, as the release pipeline's Verify step re-judges its scan. */
export interface CandidateImage {
  readonly service: string;
  /** `<registry>/<repository>@sha256:…`, as the manifest names it. */
  readonly uri: string;
  /** The registry's region, where its scan is read. */
  readonly region: string;
  readonly image: ImageRef;
}

/** Where an application's images live: `<account>.dkr.ecr.<region>.amazonaws.com/<application>/`. */
export interface RepositoryPrefix {
  readonly text: string;
  readonly registryId: string;
  readonly region: string;
  /** The repository names' common start, `<application>/`. */
  readonly path: string;
}

const PREFIX = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([a-z0-9][a-z0-9._/-]*\/)$/;

/** The prefix `text` names, or undefined when it is not `<account>.dkr.ecr.<region>.amazonaws.com/<path>/`. */
export function repositoryPrefix(text: string): RepositoryPrefix | undefined {
  const match = PREFIX.exec(text);
  return match ? { text, registryId: match[1], region: match[2], path: match[3] } : undefined;
}

/**
 * The manifest's images, each of which must be its own service's repository under `prefix` (which the release stack
 * fixes at synth time), by digest. The manifest is the hand-off step's, so a commit writes it: an image of another
 * account, region or repository would deploy what no scan gate of this application judged.
 */
export function candidateImages(images: Readonly<Record<string, string>>, prefix: RepositoryPrefix): CandidateImage[] {
  return Object.entries(images).map(([service, uri]) => {
    const expected = `${prefix.text}${service}@sha256:`;
    const digest = uri.slice(expected.length);
    if (!uri.startsWith(expected) || !/^[0-9a-f]{64}$/.test(digest)) {
      throw new Error(
        `manifest image of ${service} must be ${expected}<64 hex>, the service's own repository by digest, got '${uri}'`,
      );
    }
    return {
      service,
      uri,
      region: prefix.region,
      image: { registryId: prefix.registryId, repository: `${prefix.path}${service}`, digest: `sha256:${digest}` },
    };
  });
}
