import type { CheckConfig } from '../../model/config/schema';

/**
 * Validation of checks that mirrors `checkSchema` (pipeline/config/schema.ts) without zod, so the
 * lifecycle-hook bundle stays small. test/core/checks/parse-checks.test.ts proves both agree.
 */

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const URL_PATH = /^\/[^\s]*$/;
const JSON_FIELD_PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;
const CHECK_FIELDS = [
  'path',
  'method',
  'expectStatus',
  'bodyContains',
  'jsonField',
  'latencyBudgetMs',
  'timeoutMs',
  'attempts',
  'backoffMs',
] as const;

/** Checks that cannot be used; `problems` holds one line per problem, each naming the field. */
export class ChecksError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source} is not valid: ${problems.join('; ')}`);
    this.name = 'ChecksError';
  }
}

/** Parses the JSON text of a check list (the hook's `CHECKS`); `source` names it in messages. */
export function parseChecksJson(text: string | undefined, source: string): CheckConfig[] {
  if (text === undefined || text.trim() === '') {
    throw new ChecksError(source, ['is required: a JSON list of checks such as [{"path":"/health"}]']);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ChecksError(source, [`is not JSON: ${(error as Error).message}`]);
  }
  return parseChecks(value, source);
}

/** Validates a parsed check list and fills in the defaults, as `z.array(checkSchema).min(1)` would. */
export function parseChecks(value: unknown, source: string): CheckConfig[] {
  if (!Array.isArray(value)) throw new ChecksError(source, [`must be a list of checks (got ${describe(value)})`]);
  if (value.length === 0) throw new ChecksError(source, ['needs at least one check']);
  const problems: string[] = [];
  const checks = value.map((item, index) => parseCheck(item, `[${index}]`, problems));
  if (problems.length > 0) throw new ChecksError(source, problems);
  return checks.filter((check): check is CheckConfig => check !== undefined);
}

/** The check with its defaults, or undefined when it is not a map (the problem is recorded). */
function parseCheck(value: unknown, at: string, problems: string[]): CheckConfig | undefined {
  if (!isRecord(value)) {
    problems.push(`${at}: must be a map such as {"path":"/health"} (got ${describe(value)})`);
    return undefined;
  }
  const unknown = Object.keys(value).filter((key) => !(CHECK_FIELDS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    problems.push(`${at}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}`);
  }
  const field = (name: string) => ({ value: value[name], at: `${at}.${name}`, problems });
  const check: CheckConfig = {
    path: text(field('path'), { pattern: URL_PATH, message: "must be a URL path starting with '/'" }) ?? '',
    method: oneOf(field('method'), METHODS) ?? 'GET',
    timeoutMs: integer(field('timeoutMs'), 100, 60_000) ?? 5_000,
    attempts: integer(field('attempts'), 1, 10) ?? 3,
    backoffMs: integer(field('backoffMs'), 0, 30_000) ?? 1_000,
  };
  if (value.path === undefined) problems.push(`${at}.path: is required (a URL path such as /health)`);
  const expectStatus = integer(field('expectStatus'), 100, 599);
  if (expectStatus !== undefined) check.expectStatus = expectStatus;
  const bodyContains = text(field('bodyContains'), { minLength: 1, message: 'must not be empty' });
  if (bodyContains !== undefined) check.bodyContains = bodyContains;
  const latencyBudgetMs = integer(field('latencyBudgetMs'), 1, 60_000);
  if (latencyBudgetMs !== undefined) check.latencyBudgetMs = latencyBudgetMs;
  const jsonField = parseJsonField(field('jsonField'));
  if (jsonField !== undefined) check.jsonField = jsonField;
  return check;
}

function parseJsonField({ value, at, problems }: Field): CheckConfig['jsonField'] {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    problems.push(`${at}: must be a map such as {"path":"service","equals":"sample"} (got ${describe(value)})`);
    return undefined;
  }
  const unknown = Object.keys(value).filter((key) => key !== 'path' && key !== 'equals');
  if (unknown.length > 0)
    problems.push(`${at}: unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}`);
  if (value.path === undefined) problems.push(`${at}.path: is required (a dotted path such as build.commit)`);
  const path = text(
    { value: value.path, at: `${at}.path`, problems },
    { pattern: JSON_FIELD_PATH, message: 'must be a dotted path such as status or build.commit' },
  );
  const equals = value.equals;
  const scalar =
    typeof equals === 'string' ||
    typeof equals === 'boolean' ||
    equals === null ||
    (typeof equals === 'number' && Number.isFinite(equals));
  if (!scalar) {
    problems.push(
      `${at}.equals: ${equals === undefined ? 'is required' : 'must be'} a string, number, boolean or null${equals === undefined ? '' : ` (got ${describe(equals)})`}`,
    );
  }
  return path === undefined || !scalar ? undefined : { path, equals: equals as string | number | boolean | null };
}

interface Field {
  readonly value: unknown;
  readonly at: string;
  readonly problems: string[];
}

function text(
  { value, at, problems }: Field,
  rule: { pattern?: RegExp; minLength?: number; message: string },
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    problems.push(`${at}: must be a string (got ${describe(value)})`);
    return undefined;
  }
  if ((rule.pattern !== undefined && !rule.pattern.test(value)) || value.length < (rule.minLength ?? 0)) {
    problems.push(`${at}: ${rule.message} (got ${describe(value)})`);
    return undefined;
  }
  return value;
}

function integer({ value, at, problems }: Field, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${at}: must be an integer from ${min} to ${max} (got ${describe(value)})`);
    return undefined;
  }
  return value;
}

function oneOf<T extends string>({ value, at, problems }: Field, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly unknown[]).includes(value)) {
    problems.push(`${at}: must be one of ${allowed.join(', ')} (got ${describe(value)})`);
    return undefined;
  }
  return value as T;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'a map';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
