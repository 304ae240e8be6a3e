import type { AssemblyStack, CloudAssembly, TemplateResource } from '../preflight/assembly-model';
import { marksOfChange, marksOfRemoval } from './judge-change';
import { changedPaths } from './property-paths';
import { marksOfTrafficListenerChange, trafficRouteListeners } from './traffic-listeners';
import type { ResourceChange, StackDiff } from './resource-change';
import { marksOfWorkerServiceChange } from './worker-services';

/**
 * The stacks whose resources differ between two cloud assemblies, in the order of the newer one (stacks only
 * in the older one last). Stacks are matched by account, region and stack name, resources by logical id.
 */
export function diffAssemblies(before: CloudAssembly, after: CloudAssembly): StackDiff[] {
  const older = new Map(before.stacks.map((s) => [stackKey(s), s]));
  const newer = new Map(after.stacks.map((s) => [stackKey(s), s]));
  const diffs: StackDiff[] = [];
  for (const [key, stack] of newer) {
    const previous = older.get(key);
    const changes = diffResources(previous?.template.Resources ?? {}, stack.template.Resources);
    if (changes.length > 0) diffs.push(stackDiff(stack, previous === undefined ? 'added' : 'changed', changes));
  }
  for (const [key, stack] of older) {
    if (newer.has(key)) continue;
    const changes = diffResources(stack.template.Resources, {});
    diffs.push(stackDiff(stack, 'removed', changes));
  }
  return diffs;
}

/** Every resource added, removed or changed between two templates' `Resources`, by logical id. */
export function diffResources(
  before: Readonly<Record<string, TemplateResource>>,
  after: Readonly<Record<string, TemplateResource>>,
): ResourceChange[] {
  const ids = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const routes = trafficRouteListeners(before);
  return ids.flatMap((logicalId): ResourceChange[] => {
    const old = before[logicalId];
    const now = after[logicalId];
    if (old === undefined) return [{ logicalId, type: now.Type, action: 'add', paths: [], marks: [] }];
    if (now === undefined) {
      return [{ logicalId, type: old.Type, action: 'remove', paths: [], marks: marksOfRemoval(old) }];
    }
    const paths = old.Type === now.Type ? changedPaths(old.Properties, now.Properties) : ['Type'];
    if (paths.length === 0) return [];
    const marks = [
      ...marksOfChange(old, now, paths),
      ...marksOfTrafficListenerChange(now.Type, logicalId, routes),
      ...marksOfWorkerServiceChange(now),
    ];
    return [{ logicalId, type: now.Type, action: 'change', paths, marks }];
  });
}

function stackKey(stack: AssemblyStack): string {
  return `${stack.environment.account ?? '?'}/${stack.environment.region ?? '?'}/${stack.stackName}`;
}

function stackDiff(stack: AssemblyStack, status: StackDiff['status'], changes: ResourceChange[]): StackDiff {
  return { stackName: stack.stackName, ...stack.environment, status, changes };
}
