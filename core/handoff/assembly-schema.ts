import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CandidateManifest } from './candidate';

/**
 * Refuses a candidate whose nested assemblies were synthesized with a newer cloud assembly schema than the release
 * pipeline's pinned tool reads (`readable`, the schema its aws-cdk-lib writes, which its CDK CLI reads). Caught at
 * Verify, before anyone approves, instead of at Deploy, after: the application upgraded the tool and the release
 * stack still runs the older one.
 */
export function checkAssemblySchemas(dir: string, manifest: CandidateManifest, readable: string): void {
  // Every nested assembly the candidate holds, not only those its (commit-written) manifest names.
  const named = new Map(Object.entries(manifest.assemblies).map(([environment, assembly]) => [assembly, environment]));
  const present = existsSync(join(dir, 'cdk.out'))
    ? readdirSync(join(dir, 'cdk.out')).filter((entry) => entry.startsWith('assembly-'))
    : [];
  const assemblies = [...new Set([...named.keys(), ...present])].map((a) => [named.get(a) ?? a, a] as const);
  for (const [environment, assembly] of assemblies) {
    const file = join(dir, 'cdk.out', assembly, 'manifest.json');
    if (!existsSync(file)) throw new Error(`the candidate has no ${assembly}/manifest.json for ${environment}`);
    const version = String((JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version);
    const major = schemaMajor(version);
    if (major <= schemaMajor(readable)) continue;
    const why = Number.isNaN(major)
      ? `cloud assembly schema '${version}', which is no version`
      : `cloud assembly schema ${version}, newer than the ${readable} this release pipeline's tool reads`;
    throw new Error(
      `${environment}'s assembly has ${why}: deploy the release stack with the tool version the application's ` +
        'lockfile names, then hand the candidate off again',
    );
  }
}

/** The major of a schema version ("55.0.0" → 55); NaN for anything else, which no comparison accepts. */
function schemaMajor(version: string): number {
  const match = /^(\d+)\.\d+\.\d+$/.exec(version);
  return match ? Number(match[1]) : Number.NaN;
}
