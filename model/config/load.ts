import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error';
import { resolveConfigPath } from './config-path';
import { knownFieldsAt, nearestField } from './known-fields';
import { configSchema, type PipelineConfig } from './schema';

export { ConfigError } from './config-error';
export { DEFAULT_CONFIG_FILE, resolveConfigPath } from './config-path';

/** Parses and validates configuration text; `source` names the file in messages. */
export function parseConfig(text: string, source: string): PipelineConfig {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    // The first error is the one to fix: those after it mostly follow from it. Its first line says where.
    const [first, ...rest] = document.errors;
    const after = rest.length > 0 ? ` (and ${rest.length} more after it, which may follow from it)` : '';
    throw new ConfigError(source, [`YAML syntax: ${first.message.split('\n')[0].replace(/:$/, '')}${after}`]);
  }
  return validateConfig(document.toJS(), source);
}

/** Validates an already parsed value against the configuration schema. */
export function validateConfig(value: unknown, source: string): PipelineConfig {
  const result = configSchema.safeParse(value ?? {}, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(source, result.error.issues.map(issueDescriber(configSchema)));
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

/**
 * One readable line per zod issue of a value checked by `schema`: as describeIssue, and an unknown field is
 * answered with the nearest field the schema knows at that place.
 */
export function issueDescriber(schema: z.core.$ZodType): (issue: z.core.$ZodIssue) => string {
  return (issue) => {
    if (issue.code !== 'unrecognized_keys') return describeIssue(issue);
    const known = knownFieldsAt(schema, issue.path);
    // A service's per-environment field (scaling, desiredCount…) written on the service itself.
    const service = serviceNameAt(issue);
    const perEnvironment = service ? knownFieldsAt(schema, ['environments', 0, 'services', service]) : [];
    const keys = issue.keys.map((key) => {
      const suggestion = nearestField(key, known);
      if (suggestion) return `'${key}' (did you mean '${suggestion}'?)`;
      if (perEnvironment.includes(key))
        return `'${key}' (it is set per environment: environments[].services.${service}.${key})`;
      return `'${key}'`;
    });
    return `${fieldOf(issue)}: unknown field${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`;
  };
}

/** The name of the service an issue at `services[i]` (or the single `service`) is about, if its input names it. */
function serviceNameAt(issue: z.core.$ZodIssue): string | undefined {
  const { path, input } = issue as { path: PropertyKey[]; input?: unknown };
  const atService = (path.length === 2 && path[0] === 'services') || (path.length === 1 && path[0] === 'service');
  if (!atService) return undefined;
  const name = isRecord(input) ? input.name : undefined;
  return typeof name === 'string' ? name : path[0] === 'service' ? 'service' : undefined;
}

/** One readable line for a zod issue: the field path, what is wrong and the value found. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const discriminator = discriminatorOf(issue);
  const input = discriminator && isRecord(issue.input) ? issue.input[discriminator] : issue.input;
  // The map that holds an unknown field is the whole value; the field's name says enough.
  const value = 'input' in issue && issue.code !== 'unrecognized_keys' ? formatValue(input) : undefined;
  const got = value === undefined ? '' : ` (got ${value})`;
  return `${fieldOf(issue)}: ${explain(issue)}${got}`;
}

function fieldOf(issue: z.core.$ZodIssue): string {
  return issue.path.length > 0 ? formatPath(issue.path) : '(top level)';
}

function explain(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `is required (${describeType(issue.expected)})`
        : `must be ${describeType(issue.expected)}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')}`;
    case 'invalid_key':
      // A record's key (an environment variable's name…): the key schema's own message says what is allowed.
      return `is not an allowed name: ${issue.issues[0]?.message ?? 'see the schema'}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': {
      if (discriminatorOf(issue))
        return `must be one of ${(issue as { options: unknown[] }).options.map((o) => JSON.stringify(o)).join(', ')}`;
      const shapes = [...new Set(issue.errors.map(describeBranch).filter((shape) => shape !== undefined))];
      if (shapes.length === 0) return 'matches none of the allowed shapes';
      return shapes.every((shape) => shape.startsWith('{'))
        ? `must have one of the shapes ${shapes.join(' or ')}`
        : `must be ${shapes.join(' or ')}`;
    }
    default:
      return issue.message;
  }
}

/**
 * What one branch of a union would have accepted, read off its issues: the type or values it wanted of the
 * whole value, or the required fields the value lacks.
 */
function describeBranch(branch: readonly z.core.$ZodIssue[]): string | undefined {
  const atRoot = branch.filter((e) => e.path.length === 0);
  const wrongType = atRoot.find((e) => e.code === 'invalid_type');
  if (wrongType?.code === 'invalid_type') return describeType(wrongType.expected);
  const wrongValue = atRoot.find((e) => e.code === 'invalid_value');
  if (wrongValue?.code === 'invalid_value') return wrongValue.values.map((v) => JSON.stringify(v)).join(' or ');
  const missing = branch
    .filter((e) => e.code === 'invalid_type' && e.input === undefined)
    .map((e) => formatPath(e.path));
  return missing.length > 0 ? `{ ${missing.join(', ')} }` : undefined;
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
  const text = JSON.stringify(input) ?? String(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
