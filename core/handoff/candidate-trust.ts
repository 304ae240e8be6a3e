import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadAssembly } from '../preflight/assembly';
import { judgeTrust, type ReleasePrincipals } from '../preflight/trust';

/**
 * Judges the trust of every stack in every nested assembly the candidate holds (all of them deploy after the
 * approval, whatever the candidate's manifest names) against the release stack's own principals: the rule
 * `protected-trust-release-only`, run by the pinned tool. Returns one line per refused grant, naming the stack, the
 * logical id and the principal; empty when every grant is admitted.
 */
export function candidateTrustProblems(dir: string, release: ReleasePrincipals): string[] {
  const root = join(dir, 'cdk.out');
  const assemblies = existsSync(root) ? readdirSync(root).filter((entry) => entry.startsWith('assembly-')) : [];
  return assemblies.flatMap((assembly) =>
    loadAssembly(join(root, assembly)).stacks.flatMap((stack) =>
      judgeTrust(stack, release).map((f) => `${assembly}: ${stack.stackName} ${f.logicalId ?? ''}: ${f.message}`),
    ),
  );
}
