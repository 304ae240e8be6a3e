import { RenderError } from './render-error';

// The grammar of github.com/distribution/reference, narrowed to sha256 digests (what ECR produces).
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = 'sha256:[a-f0-9]{64}';

const PINNED_REFERENCE = new RegExp(`^${NAME}(?::${TAG})?@${DIGEST}$`);
const TAGGED_REFERENCE = new RegExp(`^${NAME}(?::${TAG})?$`);

export const IMAGE_URI_FORMAT =
  'REPOSITORY@sha256:<64 hex digits>, e.g. 111111111111.dkr.ecr.eu-west-1.amazonaws.com/app/service@sha256:…';

/**
 * Why `uri` cannot be deployed, or undefined when it can. Only references pinned by digest are
 * accepted: every stage must deploy the very image that was scanned, and a tag can be moved
 * (`repo:tag@sha256:…` is fine, the digest decides).
 */
export function imageUriProblem(uri: string): string | undefined {
  if (PINNED_REFERENCE.test(uri)) return undefined;
  if (TAGGED_REFERENCE.test(uri)) {
    return `'${uri}' names the image by tag; it must be pinned by digest (${IMAGE_URI_FORMAT}) so every stage deploys the scanned image`;
  }
  return `'${uri}' is not an image reference; expected ${IMAGE_URI_FORMAT}`;
}

/** `imageDetail.json` as the CodeDeployToECS action reads it (that exact file name, FACTS.md). */
export function imageDetailJson(uri: string): string {
  const problem = imageUriProblem(uri);
  if (problem !== undefined) throw new RenderError(`image URI ${problem}`);
  return `${JSON.stringify({ ImageURI: uri }, null, 2)}\n`;
}
