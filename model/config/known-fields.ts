import type { z } from 'zod';

/**
 * The field names that a map at `path` of a value checked by `schema` may hold, so that an unknown field can be
 * answered with the nearest known one. Under a union every branch's fields count: which branch the user meant
 * is not known.
 */
export function knownFieldsAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  const fields = new Set<string>();
  collect(schema, path, fields, 0);
  return [...fields];
}

/** Deep enough for the configuration's nesting; stops a `z.lazy` that refers to itself. */
const MAX_DEPTH = 64;

function collect(schema: z.core.$ZodType, path: readonly PropertyKey[], into: Set<string>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
  const next = (inner: unknown, rest: readonly PropertyKey[] = path) =>
    collect(inner as z.core.$ZodType, rest, into, depth + 1);
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return next(def.innerType);
    case 'pipe':
      return next(def.in);
    case 'lazy':
      return next((def.getter as () => unknown)());
    case 'union':
      for (const option of def.options as unknown[]) next(option);
      return;
    case 'intersection':
      next(def.left);
      next(def.right);
      return;
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      if (path.length === 0) {
        for (const key of Object.keys(shape)) into.add(key);
        return;
      }
      const [head, ...rest] = path;
      if (typeof head === 'string' && head in shape) next(shape[head], rest);
      return;
    }
    case 'array':
      if (path.length > 0 && typeof path[0] === 'number') next(def.element, path.slice(1));
      return;
    case 'record':
      if (path.length > 0) next(def.valueType, path.slice(1));
      return;
    default:
      return;
  }
}

/**
 * The known field nearest to `unknown` when it is close enough to be a typo: the same letters in another case,
 * or at most a third of its letters (and at least two) added, removed or changed.
 */
export function nearestField(unknown: string, known: readonly string[]): string | undefined {
  const limit = Math.max(2, Math.floor(unknown.length / 3));
  let best: { field: string; distance: number } | undefined;
  for (const field of known) {
    const distance = field.toLowerCase() === unknown.toLowerCase() ? 0 : editDistance(unknown, field);
    if (distance <= limit && (!best || distance < best.distance)) best = { field, distance };
  }
  return best?.field;
}

/** Levenshtein distance: the fewest single-letter insertions, deletions and substitutions from `a` to `b`. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}
