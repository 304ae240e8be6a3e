/**
 * A protected environment's task definitions must run exactly the images the approval names. The templates are
 * synthesized before the images exist, so they name each image by its commit's tag; a tag is only a name, which the
 * tools account (where a commit's code runs) can delete and push again after the approval. The hand-off therefore
 * pins every image of the application's repositories to the digest its scan gate passed, and Verify refuses a
 * protected template that names one any other way.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deployedStacks, sha256 } from './deployable-assembly';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** `<account>.dkr.ecr.<region>.` + suffix (a literal or `${AWS::URLSuffix}`) + `/<repository>` + `:tag` or `@digest`. */
const APP_IMAGE =
  /^(\d{12})\.dkr\.ecr\.[a-z0-9-]+\.(?:amazonaws\.com(?:\.cn)?|\$\{AWS::URLSuffix\})\/([a-z0-9][a-z0-9._/-]*?)(?::([A-Za-z0-9._-]+)|@(sha256:[0-9a-f]{64}))$/;

/** Every container image of every task definition of a template, as text (`${AWS::URLSuffix}` for the token). */
export function containerImages(template: Json): { logicalId: string; image: string; versionConsistency?: string }[] {
  const resources = (template as { Resources?: Record<string, { Type?: string; Properties?: Json }> }).Resources ?? {};
  return Object.entries(resources)
    .filter(([, resource]) => resource.Type === 'AWS::ECS::TaskDefinition')
    .flatMap(([logicalId, resource]) => {
      const containers = (
        resource.Properties as { ContainerDefinitions?: { Image?: Json; VersionConsistency?: Json }[] } | undefined
      )?.ContainerDefinitions;
      return (containers ?? []).map((container) => ({
        logicalId,
        image: textOf(container.Image ?? null),
        ...(container.VersionConsistency === undefined
          ? {}
          : { versionConsistency: String(container.VersionConsistency) }),
      }));
    });
}

/**
 * The template with every image of `registryAccount`'s repositories under `repositoryPrefix` (`<application>/`)
 * named by tag rewritten to the digest `digests` has for that repository. An image of a repository `digests` does not
 * have stays as it is: Verify then refuses it.
 */
export function pinImages(
  template: Json,
  registryAccount: string,
  repositoryPrefix: string,
  digests: ReadonlyMap<string, string>,
): Json {
  const resources = (template as { Resources?: Record<string, { Type?: string; Properties?: Json }> }).Resources ?? {};
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::ECS::TaskDefinition') continue;
    const containers = (resource.Properties as { ContainerDefinitions?: { Image?: Json }[] } | undefined)
      ?.ContainerDefinitions;
    for (const container of containers ?? []) {
      const match = APP_IMAGE.exec(textOf(container.Image ?? null));
      if (!match || match[1] !== registryAccount || !match[2].startsWith(repositoryPrefix) || !match[3]) continue;
      const digest = digests.get(match[2]);
      if (digest !== undefined) container.Image = replaceTag(container.Image ?? null, `:${match[3]}`, `@${digest}`);
    }
  }
  return template;
}

/** Any host of a private ECR registry, in any of its endpoint forms (IPv4, dual-stack, FIPS). */
const PRIVATE_ECR_HOST = /\.dkr[.-]ecr(-fips)?[.-]|\.on\.aws(\/|:|$)/;
/** Another registry's image pinned by digest, written out in full. */
const BY_DIGEST = /^[a-z0-9.-]+(:\d{1,5})?\/[a-z0-9._/-]+@sha256:[0-9a-f]{64}$/;

/**
 * What is wrong with the template's images, failing closed: the application's repositories by the digest the manifest
 * names for them, other registries' images by digest in full, nothing else (no tag, no other private registry, which
 * a commit could fill, no value Verify cannot read, and no container that tells ECS not to resolve its image to a
 * digest).
 */
export function unpinnedImages(
  template: Json,
  registryAccount: string,
  repositoryPrefix: string,
  digests: ReadonlyMap<string, string>,
): string[] {
  return containerImages(template).flatMap(({ logicalId, image, versionConsistency }) => {
    if (versionConsistency === 'disabled')
      return [
        `${logicalId} runs ${image} with versionConsistency disabled: ECS would pull whatever its tag names then`,
      ];
    const match = APP_IMAGE.exec(image);
    if (match && match[1] === registryAccount && match[2].startsWith(repositoryPrefix)) {
      if (match[4] !== undefined && digests.get(match[2]) === match[4]) return [];
      return [
        `${logicalId} runs ${image}: a protected task must name its image by the digest the approval shows (${digests.get(match[2]) ?? `no image of ${match[2]} in the manifest`})`,
      ];
    }
    if (BY_DIGEST.test(image) && !PRIVATE_ECR_HOST.test(image.split('/')[0] + '/')) return [];
    return [
      `${logicalId} runs ${image}: a protected task may run only the application's images by the digest the approval shows and other public registries' images by digest (name@sha256:<64 hex>)`,
    ];
  });
}

/** A value as text: strings joined, `{ Ref: 'AWS::URLSuffix' }` as `${AWS::URLSuffix}`, anything else as JSON. */
function textOf(value: Json): string {
  if (typeof value === 'string') return value;
  const join = (value as { 'Fn::Join'?: [string, Json[]] } | null)?.['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1])) return join[1].map(textOf).join(join[0]);
  const ref = (value as { Ref?: string } | null)?.Ref;
  if (ref === 'AWS::URLSuffix') return '${AWS::URLSuffix}';
  return JSON.stringify(value);
}

/** The value with `tag` at the end of its last string part replaced. */
function replaceTag(value: Json, tag: string, digest: string): Json {
  if (typeof value === 'string') return value.endsWith(tag) ? value.slice(0, -tag.length) + digest : value;
  const join = (value as { 'Fn::Join'?: [string, Json[]] } | null)?.['Fn::Join'];
  if (Array.isArray(join) && Array.isArray(join[1]) && join[1].length > 0) {
    const parts = [...join[1]];
    parts[parts.length - 1] = replaceTag(parts[parts.length - 1], tag, digest);
    return { 'Fn::Join': [join[0], parts] };
  }
  return value;
}

/** Each repository's digest, from images named `<registry>/<repository>@<digest>`. */
export function digestsByRepository(images: Iterable<string>): Map<string, string> {
  const digests = new Map<string, string>();
  for (const uri of images) {
    const match = /^[^/]+\/([^@]+)@(sha256:[0-9a-f]{64})$/.exec(uri);
    if (match) digests.set(match[1], match[2]);
  }
  return digests;
}

/** The templates the candidate's protected nested assemblies deploy, relative to the candidate (judged as Verify does). */
export function protectedTemplates(candidateDir: string, assemblies: Iterable<string>): string[] {
  return [...assemblies].flatMap((assembly) =>
    deployedStacks(candidateDir, assembly).map((stack) => stack.templateFile),
  );
}

/**
 * Rewrites each stack template of a nested assembly with `pin`, and the template's asset (its object key is the
 * template's SHA-256) and the stack's `stackTemplateAssetObjectUrl` to the new content's hash, as CDK would have
 * written them for that template.
 */
export function pinAssemblyImages(assemblyDir: string, pin: (template: Json) => Json): void {
  const manifestFile = join(assemblyDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
    artifacts?: Record<string, { type?: string; properties?: Record<string, unknown> }>;
  };
  const artifacts = Object.values(manifest.artifacts ?? {});
  const assetFiles = artifacts
    .filter((artifact) => artifact.type === 'cdk:asset-manifest' && typeof artifact.properties?.file === 'string')
    .map((artifact) => join(assemblyDir, String(artifact.properties?.file)));
  for (const artifact of artifacts.filter((a) => a.type === 'aws:cloudformation:stack')) {
    const templateFile = String(artifact.properties?.templateFile);
    const path = join(assemblyDir, templateFile);
    const before = readFileSync(path, 'utf8');
    const after = JSON.stringify(pin(JSON.parse(before) as Json), null, 1);
    if (after === JSON.stringify(JSON.parse(before), null, 1)) continue;
    writeFileSync(path, after);
    const [oldKey, newKey] = [`${sha256(before)}.json`, `${sha256(after)}.json`];
    const url = artifact.properties?.stackTemplateAssetObjectUrl;
    if (typeof url === 'string' && artifact.properties)
      artifact.properties.stackTemplateAssetObjectUrl = url.replace(oldKey, newKey);
    for (const file of assetFiles) {
      const text = readFileSync(file, 'utf8');
      if (text.includes(oldKey)) writeFileSync(file, text.split(oldKey).join(newKey));
    }
  }
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 1));
}

/** Verify's check: every image of the application's repositories in the protected templates is by its approved digest. */
export function checkPinnedImages(
  candidateDir: string,
  assemblies: Iterable<string>,
  registryAccount: string,
  repositoryPrefix: string,
  digests: ReadonlyMap<string, string>,
): void {
  const problems = protectedTemplates(candidateDir, assemblies).flatMap((file) =>
    unpinnedImages(readJson(join(candidateDir, file)), registryAccount, repositoryPrefix, digests).map(
      (problem) => `${file}: ${problem}`,
    ),
  );
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}
