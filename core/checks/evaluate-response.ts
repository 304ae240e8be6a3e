import type { CheckConfig } from '../../model/config/schema';
import type { ProbeResponse } from './probe';

type JsonValue = string | number | boolean | null;

/** Why one answer does not satisfy the check; empty when it does. */
export function evaluateResponse(check: CheckConfig, response: ProbeResponse, latencyMs: number): string[] {
  const problems: string[] = [];
  const statusOk =
    check.expectStatus === undefined
      ? response.status >= 200 && response.status <= 299
      : response.status === check.expectStatus;
  if (!statusOk) {
    problems.push(`status ${response.status}, expected ${check.expectStatus ?? '2xx'}`);
  }
  if (check.bodyContains !== undefined && !response.body.includes(check.bodyContains)) {
    problems.push(`body does not contain ${JSON.stringify(check.bodyContains)}`);
  }
  if (check.jsonField !== undefined) {
    const problem = jsonFieldProblem(response.body, check.jsonField.path, check.jsonField.equals);
    if (problem !== undefined) problems.push(problem);
  }
  if (check.latencyBudgetMs !== undefined && latencyMs > check.latencyBudgetMs) {
    problems.push(`took ${Math.round(latencyMs)} ms, over the latency budget of ${check.latencyBudgetMs} ms`);
  }
  return problems;
}

function jsonFieldProblem(body: string, path: string, expected: JsonValue): string | undefined {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch {
    return `body is not JSON, expected field ${path} to be ${JSON.stringify(expected)}`;
  }
  const found = readField(document, path.split('.'));
  if (!found.present) return `JSON field ${path} is missing, expected ${JSON.stringify(expected)}`;
  if (found.value !== expected) {
    return `JSON field ${path} is ${shorten(JSON.stringify(found.value) ?? String(found.value))}, expected ${JSON.stringify(expected)}`;
  }
  return undefined;
}

/** Follows a dotted path through objects (and arrays, by index); own properties only. */
function readField(document: unknown, segments: readonly string[]): { present: boolean; value?: unknown } {
  let current = document;
  for (const segment of segments) {
    if (typeof current !== 'object' || current === null || !Object.prototype.hasOwnProperty.call(current, segment)) {
      return { present: false };
    }
    current = (current as Record<string, unknown>)[segment];
  }
  return { present: true, value: current };
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
