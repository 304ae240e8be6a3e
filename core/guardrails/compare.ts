import type { Guardrails } from './schema';
import { formatList, type Violation } from './violation';

/**
 * Every minimum that `proposed` (the repository's guardrails file, which the pipeline stack deploys
 * as the parameter's value) sets lower than `live` (the parameter as it is now). Empty when proposed
 * is as strict or stricter, so a commit can tighten the guardrails but never loosen them.
 */
export function compareGuardrails(proposed: Guardrails, live: Guardrails): Violation[] {
  const violations: Violation[] = [];
  const subset = (path: string, proposedItems: readonly string[], liveItems: readonly string[]) => {
    const dropped = liveItems.filter((item) => !proposedItems.includes(item));
    if (dropped.length > 0) {
      violations.push({
        path,
        found: `${formatList(proposedItems)} (drops ${dropped.join(', ')})`,
        required: `to include ${formatList(liveItems)}, as the live guardrails do`,
      });
    }
  };
  subset('environments.requireApproval', proposed.environments.requireApproval, live.environments.requireApproval);
  subset(
    'environments.requireDeploymentWindow',
    proposed.environments.requireDeploymentWindow,
    live.environments.requireDeploymentWindow,
  );
  subset('scan.mustBlock', proposed.scan.mustBlock, live.scan.mustBlock);
  if (proposed.scan.onlyFixableAllowed && !live.scan.onlyFixableAllowed) {
    violations.push({
      path: 'scan.onlyFixableAllowed',
      found: 'true',
      required: 'false, as the live guardrails say',
    });
  }
  if (proposed.scan.allowlistMaxDays > live.scan.allowlistMaxDays) {
    violations.push({
      path: 'scan.allowlistMaxDays',
      found: String(proposed.scan.allowlistMaxDays),
      required: `at most ${live.scan.allowlistMaxDays}, as the live guardrails say`,
    });
  }
  return violations;
}
