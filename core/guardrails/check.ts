import type { PipelineConfig } from '../../model/config/schema';
import { utcDayStart } from '../scan-gate/allowlist';
import type { Guardrails } from './schema';
import { formatList, type Violation } from './violation';

/** The parts of the pipeline configuration that the guardrails judge. */
export type GuardedConfig = Pick<PipelineConfig, 'environments' | 'scan'>;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every gate of `config` that is weaker than `guardrails`, in document order; empty when the
 * config meets every minimum (a stricter config passes). `today` is the day allowlist expiries are
 * counted from, in UTC. An environment the guardrails name but the config lacks is a violation:
 * dropping an environment must not drop its gates.
 */
export function checkGuardrails(config: GuardedConfig, guardrails: Guardrails, today: Date): Violation[] {
  return [...checkEnvironments(config, guardrails), ...checkScan(config, guardrails, today)];
}

function checkEnvironments(config: GuardedConfig, guardrails: Guardrails): Violation[] {
  const { requireApproval, requireDeploymentWindow } = guardrails.environments;
  const violations: Violation[] = [];
  const names = config.environments.map((e) => e.name);
  for (const name of unique([...requireApproval, ...requireDeploymentWindow])) {
    if (!names.includes(name)) {
      const gates = [
        ...(requireApproval.includes(name) ? ['approval: true'] : []),
        ...(requireDeploymentWindow.includes(name) ? ['a deploymentWindow'] : []),
      ];
      violations.push({
        path: 'environments',
        found: `no environment named '${name}' (names: ${formatList(names)})`,
        required: `an environment '${name}' with ${gates.join(' and ')}`,
      });
    }
  }
  config.environments.forEach((environment, i) => {
    if (requireApproval.includes(environment.name) && environment.approval !== true) {
      violations.push({
        path: `environments[${i}].approval`,
        found: `${String(environment.approval)} (environment '${environment.name}')`,
        required: 'true',
      });
    }
    if (requireDeploymentWindow.includes(environment.name) && environment.deploymentWindow === undefined) {
      violations.push({
        path: `environments[${i}].deploymentWindow`,
        found: `absent (environment '${environment.name}')`,
        required: 'a deployment window',
      });
    }
  });
  return violations;
}

function checkScan(config: GuardedConfig, guardrails: Guardrails, today: Date): Violation[] {
  const { mustBlock, onlyFixableAllowed, allowlistMaxDays } = guardrails.scan;
  const violations: Violation[] = [];
  const missing = mustBlock.filter((severity) => !config.scan.failOn.includes(severity));
  if (missing.length > 0) {
    violations.push({
      path: 'scan.failOn',
      found: `${formatList(config.scan.failOn)} (lets ${missing.join(', ')} pass)`,
      required: `to include ${formatList(mustBlock)}`,
    });
  }
  if (config.scan.onlyFixable && !onlyFixableAllowed) {
    violations.push({ path: 'scan.onlyFixable', found: 'true', required: 'false (onlyFixable is not allowed)' });
  }
  const todayStart = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const latest = isoDate(todayStart + allowlistMaxDays * DAY_MS);
  const limit = `${latest} or earlier (at most ${allowlistMaxDays} days after ${isoDate(todayStart)})`;
  config.scan.allowlist.forEach((entry, i) => {
    const expires = utcDayStart(entry.expires);
    if (expires === undefined) {
      violations.push({
        path: `scan.allowlist[${i}].expires`,
        found: `'${entry.expires}' (${entry.id}; not a real date)`,
        required: limit,
      });
    } else if (expires > todayStart + allowlistMaxDays * DAY_MS) {
      violations.push({
        path: `scan.allowlist[${i}].expires`,
        found: `${entry.expires} (${entry.id}; ${Math.round((expires - todayStart) / DAY_MS)} days after today)`,
        required: limit,
      });
    }
  });
  return violations;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
