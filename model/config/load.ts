import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type PipelineConfig } from './schema';

export const DEFAULT_CONFIG_FILE = 'pipeline.config.yaml';

/** A configuration that cannot be used; `problems` holds one readable line per problem. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates configuration text; `source` names the file in messages. */
export function parseConfig(text: string, source: string): PipelineConfig {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      source,
      document.errors.map((e) => `YAML syntax: ${e.message.split('\n')[0]}`),
    );
  }
  return validateConfig(document.toJS(), source);
}

/** Validates an already parsed value against the configuration schema. */
export function validateConfig(value: unknown, source: string): PipelineConfig {
  const result = configSchema.safeParse(value ?? {}, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(source, result.error.issues.map(describeIssue));
  }
  return result.data;
}

/** Reads the file named by `file` (relative to `cwd`), or `pipeline.config.yaml` when absent. */
export function loadConfig(file: string | undefined, cwd: string): PipelineConfig {
  const path = resolveConfigPath(file, cwd);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  return parseConfig(text, path);
}

export function resolveConfigPath(file: string | undefined, cwd: string): string {
  const chosen = file && file.length > 0 ? file : DEFAULT_CONFIG_FILE;
  return isAbsolute(chosen) ? chosen : resolve(cwd, chosen);
}

/** One readable line for a zod issue: the field path, what is wrong and the value found. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.length > 0 ? formatPath(issue.path) : '(top level)';
  const discriminator = discriminatorOf(issue);
  const input = discriminator && isRecord(issue.input) ? issue.input[discriminator] : issue.input;
  const value = 'input' in issue ? formatValue(input) : undefined;
  const got = value === undefined ? '' : ` (got ${value})`;
  return `${field}: ${explain(issue)}${got}`;
}

function explain(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `is required (${describeType(issue.expected)})`
        : `must be ${describeType(issue.expected)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': {
      if (discriminatorOf(issue))
        return `must be one of ${(issue as { options: unknown[] }).options.map((o) => JSON.stringify(o)).join(', ')}`;
      // Each branch's missing required fields tell the reader which shapes would have been accepted.
      const shapes = issue.errors
        .map((branch) =>
          branch.filter((e) => e.code === 'invalid_type' && e.input === undefined).map((e) => formatPath(e.path)),
        )
        .filter((fields) => fields.length > 0)
        .map((fields) => `{ ${fields.join(', ')} }`);
      return shapes.length > 0
        ? `must have one of the shapes ${shapes.join(' or ')}`
        : 'matches none of the allowed shapes';
    }
    default:
      return issue.message;
  }
}

/** The discriminating field of a discriminated union whose value matched no branch. */
function discriminatorOf(issue: z.core.$ZodIssue): string | undefined {
  return issue.code === 'invalid_union' && 'discriminator' in issue && typeof issue.discriminator === 'string'
    ? issue.discriminator
    : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeType(expected: string): string {
  return expected === 'object' ? 'a map' : expected === 'array' ? 'a list' : `a ${expected}`;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function formatValue(input: unknown): string | undefined {
  if (input === undefined) return undefined;
  if (typeof input === 'object' && input !== null) return Array.isArray(input) ? 'a list' : 'a map';
  const text = JSON.stringify(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
