import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CandidateManifest } from './candidate';

/** A name a release step's shell word-splits or globs as nothing but itself. */
const SAFE_PATH = /^[A-Za-z0-9._@+=-]+(\/[A-Za-z0-9._@+=-]+)*$/;

/**
 * The candidate's top-level entries and what `cdk.out/` holds have plain names, and `cdk.out/` holds only the nested
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
    if (top === 'cdk.out' && second !== undefined && !assemblies.has(second) && !second.startsWith('asset.')) {
      throw new Error(
        `the candidate holds cdk.out/${second}, which is neither a nested assembly the manifest names nor a file asset`,
      );
    }
  }
}

interface AssetManifest {
  readonly files?: Record<string, { readonly source?: Record<string, unknown> }>;
  readonly dockerImages?: Record<string, unknown>;
}

/**
 * Every asset of the protected assemblies is a file or directory of the candidate. `cdk deploy` runs an asset's
 * `executable` to produce it and builds a docker image asset, both after the approval and with the protected
 * account's publishing role, and no check judges what such a command does; a protected environment's images come
 * from the pipeline, by digest.
 */
export function checkAssetSources(dir: string, manifest: CandidateManifest): void {
  for (const assembly of Object.values(manifest.assemblies)) {
    const root = join(dir, 'cdk.out', assembly);
    for (const file of readdirSync(root).filter((name) => name.endsWith('.assets.json'))) {
      const assets = JSON.parse(readFileSync(join(root, file), 'utf8')) as AssetManifest;
      const where = `cdk.out/${assembly}/${file}`;
      for (const id of Object.keys(assets.dockerImages ?? {})) {
        throw new Error(`${where}: docker image asset ${id} would be built at deploy; protected images come by digest`);
      }
      for (const [id, asset] of Object.entries(assets.files ?? {})) {
        const source = asset.source ?? {};
        const extra = Object.keys(source).filter((key) => key !== 'path' && key !== 'packaging');
        const packaging = source.packaging ?? 'file';
        if (extra.length > 0 || typeof source.path !== 'string' || !['file', 'zip'].includes(String(packaging))) {
          throw new Error(
            `${where}: file asset ${id} must be a path of the candidate packaged as file or zip, got ${JSON.stringify(source)}`,
          );
        }
      }
    }
  }
}
