/** One gate that is weaker than its guardrail. */
export interface Violation {
  /** Field path in the checked document, e.g. `environments[1].approval` or `scan.allowlist[0].expires`. */
  readonly path: string;
  /** What the checked document says, readable (`false`, `[CRITICAL]`, `absent`, …). */
  readonly found: string;
  /** What the guardrail requires, readable. */
  readonly required: string;
}

/** One line per violation: `path: found X; required Y`. */
export function formatViolation(violation: Violation): string {
  return `${violation.path}: found ${violation.found}; required ${violation.required}`;
}

/** `[A, B]` for a list of names, `[]` for none. */
export function formatList(items: readonly string[]): string {
  return `[${items.join(', ')}]`;
}
