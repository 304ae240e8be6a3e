import type { Guardrails, GuardrailsV1, GuardrailsV2 } from './schema';
import { formatList, type Violation } from './violation';

/**
 * Every minimum that `proposed` sets lower than `live` (the parameter as it is now). Empty when proposed is as
 * strict or stricter. `bluegreen guardrails publish` refuses a weaker document unless told it is meant. Going from
 * version 1 to 2 is the migration: names and accounts cannot be compared, so only the scan minimums are; going
 * back from 2 to 1 is always weaker (names can be renamed around).
 */
export function compareGuardrails(proposed: Guardrails, live: Guardrails): Violation[] {
  const violations: Violation[] = [];
  if (proposed.version === 1 && live.version === 2) {
    return [
      { path: 'version', found: '1 (protected environments by name)', required: '2, as the live guardrails are' },
    ];
  }
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
  const atMost = (path: string, proposedValue: number, liveValue: number) => {
    if (proposedValue > liveValue) {
      violations.push({
        path,
        found: String(proposedValue),
        required: `at most ${liveValue}, as the live guardrails say`,
      });
    }
  };
  if (proposed.version === 1 && live.version === 1) compareNames(proposed, live, subset);
  if (proposed.version === 2 && live.version === 2) compareProtected(proposed, live, subset, atMost, violations);
  subset('scan.mustBlock', proposed.scan.mustBlock, live.scan.mustBlock);
  if (proposed.scan.onlyFixableAllowed && !live.scan.onlyFixableAllowed) {
    violations.push({ path: 'scan.onlyFixableAllowed', found: 'true', required: 'false, as the live guardrails say' });
  }
  atMost('scan.allowlistMaxDays', proposed.scan.allowlistMaxDays, live.scan.allowlistMaxDays);
  return violations;
}

type Subset = (path: string, proposedItems: readonly string[], liveItems: readonly string[]) => void;
type AtMost = (path: string, proposedValue: number, liveValue: number) => void;

function compareNames(proposed: GuardrailsV1, live: GuardrailsV1, subset: Subset): void {
  subset('environments.requireApproval', proposed.environments.requireApproval, live.environments.requireApproval);
  subset(
    'environments.requireDeploymentWindow',
    proposed.environments.requireDeploymentWindow,
    live.environments.requireDeploymentWindow,
  );
}

function compareProtected(
  proposed: GuardrailsV2,
  live: GuardrailsV2,
  subset: Subset,
  atMost: AtMost,
  violations: Violation[],
): void {
  subset('protectedAccounts', proposed.protectedAccounts, live.protectedAccounts);
  const p = proposed.protectedEnvironments;
  const l = live.protectedEnvironments;
  atMost(
    'protectedEnvironments.deploymentWindow.maxHoursPerDay',
    p.deploymentWindow.maxHoursPerDay,
    l.deploymentWindow.maxHoursPerDay,
  );
  atMost(
    'protectedEnvironments.deploymentWindow.maxDaysPerWeek',
    p.deploymentWindow.maxDaysPerWeek,
    l.deploymentWindow.maxDaysPerWeek,
  );
  if (p.deployment.allowAllAtOnce && !l.deployment.allowAllAtOnce) {
    violations.push({
      path: 'protectedEnvironments.deployment.allowAllAtOnce',
      found: 'true',
      required: 'false, as the live guardrails say',
    });
  }
  for (const key of ['allowWithoutTls', 'allowMasterUser'] as const) {
    if (p.database[key] && !l.database[key]) {
      violations.push({
        path: `protectedEnvironments.database.${key}`,
        found: 'true',
        required: 'false, as the live guardrails say',
      });
    }
  }
  for (const key of ['maxTarget5xxCount', 'maxP99LatencyMs', 'maxUnhealthyHosts', 'maxEvaluationPeriods'] as const) {
    atMost(`protectedEnvironments.alarms.${key}`, p.alarms[key], l.alarms[key]);
  }
  subset('protectedEnvironments.requireHooks', p.requireHooks, l.requireHooks);
  const admitted = p.allowResourceTypes.filter((type) => !l.allowResourceTypes.includes(type));
  if (admitted.length > 0) {
    violations.push({
      path: 'protectedEnvironments.allowResourceTypes',
      found: `${formatList(p.allowResourceTypes)} (admits ${admitted.join(', ')})`,
      required: `no types beyond ${formatList(l.allowResourceTypes)}, as the live guardrails admit`,
    });
  }
  if (p.minChecks < l.minChecks) {
    violations.push({
      path: 'protectedEnvironments.minChecks',
      found: String(p.minChecks),
      required: `at least ${l.minChecks}, as the live guardrails say`,
    });
  }
  atMost('scan.allowlistMaxEntries', proposed.scan.allowlistMaxEntries, live.scan.allowlistMaxEntries);
}
