import { formatViolation, type Violation } from './violation';

/**
 * The verdict on one document, as printed by `bluegreen guardrails check`: a PASS line, or a FAIL
 * line followed by one indented line per weakened gate.
 */
export function renderVerdict(subject: string, against: string, violations: readonly Violation[]): string {
  if (violations.length === 0) return `guardrails: PASS — ${subject} meets every minimum of ${against}\n`;
  const count = violations.length === 1 ? '1 gate' : `${violations.length} gates`;
  const lines = violations.map((v) => `  ${formatViolation(v)}\n`).join('');
  return `guardrails: FAIL — ${count} of ${subject} ${violations.length === 1 ? 'is' : 'are'} weaker than ${against}:\n${lines}`;
}
