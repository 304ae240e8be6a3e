/**
 * The candidate the delivery pipeline hands to the release pipeline: the protected environments' cloud assemblies,
 * the gated images, the configuration (and the frontend build and suite source when there are some), with the
 * SHA-256 of every file. The release pipeline's Verify step recomputes the hash with the pinned tool, the approval
 * shows it, and every later step re-checks it before it acts, so what deploys is exactly what was approved.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { FULL_COMMIT_ID, MANIFEST_FILE, SUMS_FILE } from '../../model/candidate-layout';
import { parseEcrImage } from '../../model/image-regions';
import { masterSecrets } from '../guardrails/master-secrets';
import { checkCandidatePaths } from './candidate-contents';
import { databaseUsersResourceProblems } from './database-users-resource';
import { deployedStacks, sha256 } from './deployable-assembly';
import { masterCredentialProblems } from './master-credentials';
import { cacheTokenWriteProblems } from './cache-token-writes';
import { masterSecretUseProblems } from './master-secret-use';
import { templateShapeProblems } from './template-shape';
import { judgeToolFunctions } from './tool-functions';
import { digestsByRepository, pinAssemblyImages, pinImages } from './template-images';

/** What a candidate says about itself; written as manifest.json and covered by the hash. */
export interface CandidateManifest {
  readonly commit: string;
  /** Each service's image by digest (`repository@sha256:…`). */
  readonly images: Readonly<Record<string, string>>;
  /** The nested assembly directory (under `cdk.out/`) of each protected environment, by environment name. */
  readonly assemblies: Readonly<Record<string, string>>;
  /** Where the last environment before the hand-off runs the candidate, for the approver. @default - none */
  readonly reviewUrl?: string;
}

export interface PackOptions {
  /** The synthesized cloud assembly (the Synth step's cdk.out). */
  readonly assemblyDir: string;
  /** Each service's gate output directory, holding imageDetail.json, by service name. */
  readonly imageDirs: Readonly<Record<string, string>>;
  /** Files and directories copied as they are, by their path in the candidate (config, frontend-dist, suite). */
  readonly extra: Readonly<Record<string, string>>;
  readonly manifest: Omit<CandidateManifest, 'images'>;
  readonly outDir: string;
}

/** Writes the candidate into `outDir` and returns its hash. */
export function packCandidate(options: PackOptions): string {
  const { outDir, assemblyDir } = options;
  copyProtectedAssemblies(assemblyDir, Object.values(options.manifest.assemblies), outDir);
  for (const [target, from] of Object.entries(options.extra)) {
    mkdirSync(dirname(join(outDir, target)), { recursive: true });
    cpSync(from, join(outDir, target), { recursive: true });
  }
  const images = Object.fromEntries(
    Object.entries(options.imageDirs).map(([service, dir]) => {
      const detail = JSON.parse(readFileSync(join(dir, 'imageDetail.json'), 'utf8')) as { ImageURI?: unknown };
      if (typeof detail.ImageURI !== 'string' || !/@sha256:[0-9a-f]{64}$/.test(detail.ImageURI))
        throw new Error(`${service}: imageDetail.json does not name an image by digest`);
      return [service, detail.ImageURI];
    }),
  );
  const manifest: CandidateManifest = { ...options.manifest, images };
  checkManifest(manifest);
  pinCandidateImages(outDir, manifest);
  writeFileSync(join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  const sums = checksums(outDir);
  writeFileSync(join(outDir, SUMS_FILE), sums);
  return sha256(sums);
}

/** The nested assemblies `dirs` of `assemblyDir` and every file asset, into `outDir/cdk.out` as a candidate holds them. */
export function copyProtectedAssemblies(assemblyDir: string, dirs: readonly string[], outDir: string): void {
  mkdirSync(join(outDir, 'cdk.out'), { recursive: true });
  for (const dir of dirs) {
    if (!existsSync(join(assemblyDir, dir))) throw new Error(`no nested assembly ${dir} in ${assemblyDir}`);
    cpSync(join(assemblyDir, dir), join(outDir, 'cdk.out', dir), { recursive: true });
  }
  // A nested assembly names its file assets in the top-level assembly (`../asset.<hash>`).
  for (const entry of readdirSync(assemblyDir).filter((e) => e.startsWith('asset.'))) {
    cpSync(join(assemblyDir, entry), join(outDir, 'cdk.out', entry), { recursive: true });
  }
}

export interface VerifiedCandidate {
  readonly hash: string;
  readonly manifest: CandidateManifest;
}

/**
 * Recomputes every file's checksum and fails on any file added, removed or changed since packing; with
 * `expectedHash`, also fails unless the candidate is exactly that one.
 */
export function verifyCandidate(dir: string, expectedHash?: string): VerifiedCandidate {
  if (!existsSync(join(dir, SUMS_FILE))) throw new Error(`${dir} holds no ${SUMS_FILE}: not a candidate`);
  const recorded = readFileSync(join(dir, SUMS_FILE), 'utf8');
  const actual = checksums(dir);
  if (recorded !== actual) {
    const differing = diffLines(recorded, actual).map(({ path, missing }) => (missing ? `${path} (missing)` : path));
    throw new Error(`the candidate changed since it was packed: ${differing.join(', ')}`);
  }
  const hash = sha256(recorded);
  if (expectedHash !== undefined && hash !== expectedHash)
    throw new Error(`the candidate's hash is ${hash}, not the approved ${expectedHash}`);
  const manifest = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), 'utf8')) as CandidateManifest;
  checkManifest(manifest);
  checkCandidatePaths(dir, manifest);
  const stacks = Object.values(manifest.assemblies).flatMap((assembly) =>
    deployedStacks(dir, assembly).map((stack) => ({
      stack,
      template: JSON.parse(readFileSync(join(dir, stack.templateFile), 'utf8')) as never,
    })),
  );
  // A master secret's name reaches it from any stack of the candidate, not only its own.
  const masterNames = [...new Set(stacks.flatMap(({ template }) => masterSecrets(resourcesOf(template)).literals))];
  for (const { stack, template } of stacks) {
    const resources = resourcesOf(template);
    const tools = judgeToolFunctions(resources, stack);
    const problems = [
      ...templateShapeProblems(template, stack),
      ...tools.problems,
      ...masterSecretUseProblems(resources, tools.databaseRoles, masterNames),
      ...cacheTokenWriteProblems(resources, tools.cacheRotationRoles),
      ...databaseUsersResourceProblems(resources),
      ...masterCredentialProblems(resources),
    ];
    if (problems.length > 0) throw new Error(problems.map((problem) => `${stack.templateFile}: ${problem}`).join('\n'));
  }
  return { hash, manifest };
}

function resourcesOf(template: unknown): Record<string, never> {
  return (template as { Resources?: Record<string, never> } | null)?.Resources ?? {};
}

const ECR_IMAGE_BY_DIGEST =
  /^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[a-z0-9][a-z0-9._/-]*@sha256:[0-9a-f]{64}$/;
const ASSEMBLY_DIR = /^assembly-[A-Za-z0-9-]+$/;
/** The approval shows it: a link and nothing else, so it cannot carry words to the approver. */
const REVIEW_URL = /^(?=.{1,200}$)https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~%/-]*)?$/;
/** A service's or an environment's name as the configuration allows it: nothing that could start a new line. */
const CONFIG_NAME = /^[a-z][a-z0-9-]{0,23}$/;

/**
 * What the approver reads and the steps act on must be what it claims to be: a full commit id and service and
 * environment names as the configuration allows them (no free text that could forge lines of the approval), a review
 * URL that is only a link, images in a private ECR registry by digest, and nested assembly directories under cdk.out
 * only.
 */
export function checkManifest(manifest: CandidateManifest): void {
  if (!FULL_COMMIT_ID.test(String(manifest.commit))) {
    throw new Error(`manifest commit must be a full 40-character commit id, got ${JSON.stringify(manifest.commit)}`);
  }
  for (const [service, image] of Object.entries(manifest.images ?? {})) {
    if (!CONFIG_NAME.test(service)) {
      throw new Error(`manifest image names a service ${JSON.stringify(service)}, which no configuration allows`);
    }
    if (!ECR_IMAGE_BY_DIGEST.test(String(image))) {
      throw new Error(
        `manifest image of ${service} must be a private ECR image by digest, got ${JSON.stringify(image)}`,
      );
    }
  }
  if (manifest.reviewUrl !== undefined && !REVIEW_URL.test(String(manifest.reviewUrl))) {
    throw new Error(
      `manifest reviewUrl must be one http(s) URL of at most 200 characters (host, port, path), got ${JSON.stringify(manifest.reviewUrl)}`,
    );
  }
  for (const [environment, dir] of Object.entries(manifest.assemblies ?? {})) {
    if (!CONFIG_NAME.test(environment)) {
      throw new Error(
        `manifest assembly names an environment ${JSON.stringify(environment)}, which no configuration allows`,
      );
    }
    if (!ASSEMBLY_DIR.test(String(dir))) {
      throw new Error(
        `manifest assembly of ${environment} must be a nested assembly directory, got ${JSON.stringify(dir)}`,
      );
    }
  }
}

/** `sha256sum` lines of every file under `dir` that `keep` admits (every one but the sums file), sorted by path. */
export function checksums(dir: string, keep: (path: string) => boolean = (path) => path !== SUMS_FILE): string {
  return filesUnder(dir)
    .filter(keep)
    .sort()
    .map((path) => `${sha256(readFileSync(join(dir, path)))}  ${path}\n`)
    .join('');
}

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? filesUnder(root, path) : [relative(root, path).split(sep).join('/')];
  });
}

/** A path whose checksum differs between two `checksums` texts; `missing` when the second lacks it. */
export interface FileDifference {
  readonly path: string;
  readonly missing: boolean;
}

export function diffLines(recorded: string, actual: string): FileDifference[] {
  const parse = (text: string) =>
    new Map(
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(66), l.slice(0, 64)]),
    );
  const [before, after] = [parse(recorded), parse(actual)];
  const paths = new Set([...before.keys(), ...after.keys()]);
  return [...paths].filter((p) => before.get(p) !== after.get(p)).map((p) => ({ path: p, missing: !after.has(p) }));
}

/**
 * Names every image of the application's repositories in the protected templates by the digest its scan gate passed
 * (template-images.ts): the registry account and the repositories' common prefix are the gated images' own.
 */
export function pinCandidateImages(outDir: string, manifest: CandidateManifest): void {
  const uris = Object.values(manifest.images);
  // checkManifest admitted only private ECR images by digest, so each parses with its account.
  const gated = uris.length === 0 ? undefined : parseEcrImage(uris[0]);
  if (gated?.account === undefined) return;
  const repository = gated.repositoryName;
  const prefix = repository.includes('/') ? repository.slice(0, repository.lastIndexOf('/') + 1) : '';
  const account = gated.account;
  const digests = digestsByRepository(uris);
  for (const assembly of Object.values(manifest.assemblies)) {
    pinAssemblyImages(join(outDir, 'cdk.out', assembly), (template) => pinImages(template, account, prefix, digests));
  }
}
