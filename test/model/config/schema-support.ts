import type { z } from 'zod';
import { describeIssue } from '../../../model/config/load';

/** Parses `value` with `schema` under `prefix` and returns the readable problems the loader would print. */
export function problemsOf(schema: z.ZodType, value: unknown, prefix: string): string[] {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return [];
  return result.error.issues.map((issue) => describeIssue({ ...issue, path: [prefix, ...issue.path] }));
}
