import type { AssemblyStack, Template } from '../preflight/assembly-model';
import { diffResources } from './diff-assemblies';
import type { DeployedStackRef } from './deployed-error';
import type { StackDiff } from './resource-change';

/** One stack of the new assembly beside what CloudFormation holds for it (undefined: not deployed yet). */
export interface DeployedPair {
  readonly stack: AssemblyStack;
  readonly deployed: Template | undefined;
}

/** The deployed-against-new report: every stack in the order of the assembly, and which are not deployed yet. */
export interface DeployedDiff {
  readonly diffs: StackDiff[];
  /** Stacks CloudFormation has no stack of that name for: shown as added. */
  readonly notDeployed: readonly string[];
}

/**
 * Compares each stack's template with the deployed one, resource by resource, with the same marks as the
 * offline diff: REFUSED, REPLACES and DELETES are judged on the deployed resource as "before".
 */
export function diffDeployed(pairs: readonly DeployedPair[]): DeployedDiff {
  const diffs: StackDiff[] = [];
  for (const { stack, deployed } of pairs) {
    const changes = diffResources(deployed?.Resources ?? {}, stack.template.Resources);
    if (changes.length === 0) continue;
    diffs.push({
      stackName: stack.stackName,
      ...stack.environment,
      status: deployed === undefined ? 'added' : 'changed',
      changes,
    });
  }
  const notDeployed = pairs.filter((p) => p.deployed === undefined).map((p) => p.stack.stackName);
  return { diffs, notDeployed };
}

/**
 * Reads the deployed template of every stack, one after the other (a handful of stacks; CloudFormation
 * throttles bursts), with the environment's account and region where the assembly leaves them unknown.
 */
export async function readDeployedPairs(
  stacks: readonly AssemblyStack[],
  fallback: { readonly account: string; readonly region: string },
  read: (ref: DeployedStackRef) => Promise<Template | undefined>,
): Promise<DeployedPair[]> {
  const pairs: DeployedPair[] = [];
  for (const stack of stacks) {
    const ref = {
      stackName: stack.stackName,
      account: stack.environment.account ?? fallback.account,
      region: stack.environment.region ?? fallback.region,
    };
    pairs.push({ stack, deployed: await read(ref) });
  }
  return pairs;
}
