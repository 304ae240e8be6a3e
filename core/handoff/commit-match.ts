/**
 * The candidate against the commit it names (README, "The approval binds to one commit"). The release pipeline fetches
 * that commit itself, through its own account's connection, and synthesizes it again in a build that holds nothing
 * of the release (the Resynthesize action); this compares what the delivery pipeline handed off with what the commit
 * gives: the protected assemblies and their file assets (with the images pinned as the candidate pins them), the
 * configuration, and the integration suite's source. The frontend build is not compared: bundlers do not promise
 * byte-equal builds, so it stays the delivery pipeline's (README, "Limits, said plainly").
 */
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../../model/config/config-path';
import { CANDIDATE_INCLUDES } from '../../model/candidate-layout';
import { checksums, copyProtectedAssemblies, diffLines, pinCandidateImages, type CandidateManifest } from './candidate';
import { sha256 } from './deployable-assembly';

export interface CommitSources {
  /** The commit CodePipeline fetched for this run (the Repository action's CommitId). */
  readonly commit: string;
  /** That commit's files, as CodePipeline fetched them. */
  readonly sourceDir: string;
  /** The Resynthesize action's output: the commit's `cdk.out/`. */
  readonly synthesizedDir: string;
  /** The hash the Resynthesize build exported for its output (`synthesisHash`), read from CodePipeline. */
  readonly synthesizedHash: string;
  /** The candidate's suite.zip, extracted. @default - the candidate has no suite */
  readonly suiteDir?: string;
}

/**
 * The SHA-256 of the `sha256sum` lines of every file under `dir`, sorted by path: what the Resynthesize build
 * computes with `find cdk.out -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum`.
 */
export function synthesisHash(dir: string): string {
  return sha256(checksums(dir));
}

/** Paths under which the hand-off's suite.zip holds nothing (buildspecs/handoff.yml's `zip -x`). */
const NOT_IN_SUITE = [/^node_modules\//, /^\.git\//, /^cdk\.out\//, /^handoff-[^/]*\//, /^frontend-dist\//];

/** Every way the candidate is not what its commit gives; empty when it is. */
export function commitMatchProblems(
  candidateDir: string,
  manifest: CandidateManifest,
  sources: CommitSources,
): string[] {
  if (manifest.commit !== sources.commit) {
    return [`the candidate names commit ${manifest.commit}, but the release pipeline fetched ${sources.commit}`];
  }
  const actualHash = synthesisHash(sources.synthesizedDir);
  if (actualHash !== sources.synthesizedHash) {
    return [
      `the synthesized output is not the one its build wrote (hash ${actualHash}, the build exported ` +
        `${sources.synthesizedHash}): it changed after the build`,
    ];
  }
  return [
    ...assemblyProblems(candidateDir, manifest, join(sources.synthesizedDir, 'cdk.out')),
    ...sameFile(
      join(candidateDir, CANDIDATE_INCLUDES.config),
      join(sources.sourceDir, DEFAULT_CONFIG_FILE),
      `${CANDIDATE_INCLUDES.config} is not the commit's ${DEFAULT_CONFIG_FILE}`,
    ),
    ...suiteProblems(candidateDir, sources),
  ];
}

function assemblyProblems(candidateDir: string, manifest: CandidateManifest, synthesized: string): string[] {
  const expected = mkdtempSync(join(tmpdir(), 'bluegreen-commit-'));
  try {
    try {
      copyProtectedAssemblies(synthesized, Object.values(manifest.assemblies), expected);
    } catch (error) {
      return [`the commit does not synthesize the candidate's assemblies: ${(error as Error).message}`];
    }
    pinCandidateImages(expected, manifest);
    return diffLines(cloudAssemblySums(candidateDir), cloudAssemblySums(expected)).map(({ path, missing }) =>
      missing
        ? `${path} (missing): not what the commit synthesizes`
        : `${path}: not what the commit synthesizes (differs)`,
    );
  } finally {
    rmSync(expected, { recursive: true, force: true });
  }
}

/**
 * The checksum lines of the files under `cdk.out/` that deploy. A stack's `*.metadata.json` is left out: CDK writes
 * the stack traces of its constructs there, with the absolute paths of the checkout (a CodeBuild source directory
 * differs per build), and nothing deploys it.
 */
function cloudAssemblySums(dir: string): string {
  return checksums(dir, (path) => path.startsWith('cdk.out/') && !path.endsWith('.metadata.json'));
}

function suiteProblems(candidateDir: string, sources: CommitSources): string[] {
  if (!existsSync(join(candidateDir, CANDIDATE_INCLUDES.suite))) return [];
  if (sources.suiteDir === undefined) {
    return [`the candidate holds ${CANDIDATE_INCLUDES.suite}, and no extracted suite was given to compare`];
  }
  // What the suite step would run but the comparison would not read: a file where the hand-off zips nothing, and a
  // link, which the comparison follows and an extraction elsewhere may not.
  const unread = entriesUnder(sources.suiteDir).flatMap(({ path, link }) =>
    link
      ? [`${CANDIDATE_INCLUDES.suite}: ${path} is a link, which no suite holds`]
      : NOT_IN_SUITE.some((excluded) => excluded.test(path))
        ? [`${CANDIDATE_INCLUDES.suite}: ${path} is where the hand-off zips nothing`]
        : [],
  );
  if (unread.length > 0) return unread;
  const sums = (dir: string) => checksums(dir, (path) => !NOT_IN_SUITE.some((excluded) => excluded.test(path)));
  return diffLines(sums(sources.sourceDir), sums(sources.suiteDir)).map(({ path, missing }) =>
    missing
      ? `${CANDIDATE_INCLUDES.suite} lacks the commit's ${path}`
      : `${CANDIDATE_INCLUDES.suite}: ${path} is not the commit's`,
  );
}

function sameFile(candidatePath: string, commitPath: string, message: string): string[] {
  const read = (path: string) => {
    try {
      return readFileSync(path);
    } catch {
      return undefined;
    }
  };
  const [candidate, commit] = [read(candidatePath), read(commitPath)];
  return candidate !== undefined && commit !== undefined && candidate.equals(commit) ? [] : [message];
}

/** Every entry under `root`, not following links. */
function entriesUnder(root: string, dir = root): { path: string; link: boolean }[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    const stat = lstatSync(full);
    const path = relative(root, full).split(sep).join('/');
    if (stat.isSymbolicLink()) return [{ path, link: true }];
    return stat.isDirectory() ? entriesUnder(root, full) : [{ path, link: false }];
  });
}
