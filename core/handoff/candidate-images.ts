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
 * The manifest's images, each of which must be one of the application's own repositories under `prefix` (which the
 * release stack fixes at synth time), by digest: a service may run another's image (`imageFrom`). The manifest is the
 * hand-off step's, so a commit writes it: an image of another account, region or application would deploy what no
 * scan gate of this application judged.
 */
export function candidateImages(images: Readonly<Record<string, string>>, prefix: RepositoryPrefix): CandidateImage[] {
  const digests = new Map<string, string>();
  return Object.entries(images).map(([service, uri]) => {
    const match = /^([a-z0-9][a-z0-9._-]*)@(sha256:[0-9a-f]{64})$/.exec(
      uri.startsWith(prefix.text) ? uri.slice(prefix.text.length) : '',
    );
    if (!match) {
      throw new Error(
        `manifest image of ${service} must be ${prefix.text}<repository>@sha256:<64 hex>, one of the application's own repositories by digest, got '${uri}'`,
      );
    }
    const other = digests.get(match[1]);
    if (other !== undefined && other !== match[2]) {
      throw new Error(
        `manifest images name repository ${prefix.path}${match[1]} by two digests (${other}, ${match[2]}): one repository's services run one image`,
      );
    }
    digests.set(match[1], match[2]);
    return {
      service,
      uri,
      region: prefix.region,
      image: { registryId: prefix.registryId, repository: `${prefix.path}${match[1]}`, digest: match[2] },
    };
  });
}
