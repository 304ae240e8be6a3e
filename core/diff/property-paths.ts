import { asObject, type JsonValue } from '../preflight/json-value';

/**
 * The paths of every difference between two property values, e.g. `LoadBalancers[0].ContainerPort`: a key
 * added, removed or changed in an object, an element of a list by its index, a leaf whose value differs.
 */
export function changedPaths(before: JsonValue | undefined, after: JsonValue | undefined, path = ''): string[] {
  if (sameJson(before, after)) return [];
  const beforeObject = asObject(before);
  const afterObject = asObject(after);
  if (beforeObject !== undefined && afterObject !== undefined) {
    const keys = [...new Set([...Object.keys(beforeObject), ...Object.keys(afterObject)])].sort();
    return keys.flatMap((key) => changedPaths(beforeObject[key], afterObject[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => changedPaths(before[i], after[i], `${path}[${i}]`)).flat();
  }
  return [path];
}

/** The top-level property a path starts with: `LoadBalancers` of `LoadBalancers[0].ContainerPort`. */
export function topLevelProperty(path: string): string {
  return /^[^.[]*/.exec(path)?.[0] ?? path;
}

function sameJson(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
