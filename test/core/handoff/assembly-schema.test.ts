import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkAssemblySchemas } from '../../../core/handoff/assembly-schema';
import type { CandidateManifest } from '../../../core/handoff/candidate';

/** A candidate directory whose prod assembly's manifest.json says `version` (none when undefined). */
function candidate(version: unknown): { dir: string; manifest: CandidateManifest } {
  const dir = mkdtempSync(join(tmpdir(), 'assembly-schema-'));
  mkdirSync(join(dir, 'cdk.out', 'assembly-app-prod'), { recursive: true });
  if (version !== undefined) {
    writeFileSync(join(dir, 'cdk.out', 'assembly-app-prod', 'manifest.json'), JSON.stringify({ version }));
  }
  const manifest: CandidateManifest = { commit: 'a'.repeat(40), assemblies: { prod: 'assembly-app-prod' }, images: {} };
  return { dir, manifest };
}

describe('checkAssemblySchemas', () => {
  test.each(['55.0.0', '54.1.0', '55.3.1'])('accepts schema %s with a tool that reads 55.0.0', (version) => {
    const { dir, manifest } = candidate(version);
    expect(() => checkAssemblySchemas(dir, manifest, '55.0.0')).not.toThrow();
  });

  test('refuses a newer major, naming the environment, both versions and what to do', () => {
    const { dir, manifest } = candidate('56.0.0');
    expect(() => checkAssemblySchemas(dir, manifest, '55.0.0')).toThrow(
      "prod's assembly has cloud assembly schema 56.0.0, newer than the 55.0.0 this release pipeline's tool reads: " +
        "deploy the release stack with the tool version the application's lockfile names",
    );
  });

  test.each([42, 'latest', null])('refuses a version it cannot read (%p): unknown is not older', (version) => {
    const { dir, manifest } = candidate(version);
    expect(() => checkAssemblySchemas(dir, manifest, '55.0.0')).toThrow(
      `prod's assembly has cloud assembly schema '${String(version)}', which is no version: deploy the release stack`,
    );
  });

  test('refuses an assembly without a manifest', () => {
    const { dir, manifest } = candidate(undefined);
    expect(() => checkAssemblySchemas(dir, manifest, '55.0.0')).toThrow(
      'the candidate has no assembly-app-prod/manifest.json for prod',
    );
  });
});

test('also judges a nested assembly the manifest does not name', () => {
  const { dir, manifest } = candidate('55.0.0');
  mkdirSync(join(dir, 'cdk.out', 'assembly-app-other'));
  writeFileSync(join(dir, 'cdk.out', 'assembly-app-other', 'manifest.json'), JSON.stringify({ version: '60.0.0' }));
  expect(() => checkAssemblySchemas(dir, manifest, '55.0.0')).toThrow(
    "assembly-app-other's assembly has cloud assembly schema 60.0.0, newer than the 55.0.0",
  );
});
