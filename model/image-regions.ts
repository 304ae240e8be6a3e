/**
 * Where a service's image is kept: the pipeline's region, and every other region an environment runs in. A task
 * pulls from a repository in its own region (same account, same name, same tag and digest), so no environment pulls
 * across regions. Why repositories per region and not ECR replication: README, "Images in every region".
 */

interface RegionsShape {
  readonly application: string;
  readonly pipeline: { readonly region: string };
  readonly environments: readonly { readonly region: string }[];
}

/** The regions besides the pipeline's that need a copy of every image, in the order environments name them. */
export function imageCopyRegions(config: RegionsShape): string[] {
  const regions = config.environments.map((e) => e.region).filter((r) => r !== config.pipeline.region);
  return [...new Set(regions)];
}

/** The stack (tools account) holding the copies of the images in `region`. */
export function regionalImagesStackName(application: string, region: string): string {
  return `${application}-images-${region}`;
}

/** The host of an account's private registry in a region, e.g. 111111111111.dkr.ecr.eu-west-1.amazonaws.com. */
export function registryHost(account: string, region: string): string {
  return `${account}.dkr.ecr.${region}.${region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/** The same image (repository path and digest or tag kept) in another registry: `host/repo@sha256:…`. */
export function imageUriIn(uri: string, host: string): string {
  const slash = uri.indexOf('/');
  if (slash < 0) throw new Error(`not an image URI with a registry host: '${uri}'`);
  return `${host}${uri.slice(slash)}`;
}

/**
 * The parts of a private ECR image URI (`<account>.dkr.ecr.<region>.<suffix>/<repository>[:tag|@digest]`), or
 * undefined for any other image. The suffix may be a token (`${AWS::URLSuffix}` as preflight renders it); an
 * account or region that is a token is left undefined.
 */
export function parseEcrImage(
  uri: string,
): { readonly account?: string; readonly region?: string; readonly repositoryName: string } | undefined {
  const match = /^([^/]+)\.dkr\.ecr(?:-fips)?\.([^./]+)\.[^/]+\/([^:@]+)/.exec(uri);
  if (!match) return undefined;
  const [, account, region, repositoryName] = match;
  return {
    account: /^\d{12}$/.test(account) ? account : undefined,
    region: /^[a-z]{2}(-[a-z]+)+-\d$/.test(region) ? region : undefined,
    repositoryName,
  };
}

/** The region of a private ECR image URI, or undefined (another registry, or a region known only at deploy time). */
export function ecrImageRegion(uri: string): string | undefined {
  return parseEcrImage(uri)?.region;
}
