import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CANDIDATE_INCLUDES, MANIFEST_FILE, SUMS_FILE } from '../../model/candidate-layout';
import type { CandidateManifest } from './candidate';

/**
 * What the hand-off packs at the top level: anything else is no part of a candidate, and a release step's tools could
 * read it from their working directory (an `.npmrc`, a `node_modules`, a `cdk.json`).
 */
const TOP_LEVEL = new Set<string>(['cdk.out', MANIFEST_FILE, SUMS_FILE, ...Object.values(CANDIDATE_INCLUDES)]);

/** A name a release step's shell word-splits or globs as nothing but itself. */
const SAFE_PATH = /^[A-Za-z0-9._@+=-]+(\/[A-Za-z0-9._@+=-]+)*$/;

/**
 * The candidate's top level holds only what the hand-off packs, its entries and what `cdk.out/` holds have plain
 * names, and `cdk.out/` holds only the nested
 * assemblies the manifest names and the file assets they share. The hand-off step (a commit's code) wrote the
 * candidate, and the release steps glob `cdk.out/assembly-*` in shell: a directory named `assembly-x --config
 * other.yaml` would add flags. Deeper files (the frontend build, the suite's source) are the application's own and
 * only ever copied.
 */
export function checkCandidatePaths(dir: string, manifest: CandidateManifest): void {
  const assemblies = new Set(Object.values(manifest.assemblies));
  const entries = readdirSync(dir);
  const cdkOut = entries.includes('cdk.out') ? readdirSync(join(dir, 'cdk.out')).map((e) => `cdk.out/${e}`) : [];
  for (const path of [...entries, ...cdkOut]) {
    if (!SAFE_PATH.test(path)) {
      throw new Error(
        `the candidate holds ${JSON.stringify(path)}: names may hold only letters, digits and ._@+=- (a release step's shell would split or expand it)`,
      );
    }
    const [top, second] = path.split('/');
    if (!TOP_LEVEL.has(top)) {
      throw new Error(
        `the candidate holds ${top}, which the hand-off does not pack: a candidate holds only ${[...TOP_LEVEL].join(', ')}`,
      );
    }
    if (top === 'cdk.out' && second !== undefined && !assemblies.has(second) && !second.startsWith('asset.')) {
      throw new Error(
        `the candidate holds cdk.out/${second}, which is neither a nested assembly the manifest names nor a file asset`,
      );
    }
  }
}
