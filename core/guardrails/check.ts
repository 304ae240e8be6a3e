import type { PipelineConfig } from '../../model/config/schema';
import { utcDayStart } from '../scan-gate/allowlist';
import { checkProtectedEnvironment } from './protected-environment';
import type { Guardrails, GuardrailsV2 } from './schema';
import { formatList, type Violation } from './violation';

/** The parts of the pipeline configuration that the guardrails judge. */
export type GuardedConfig = Pick<
  PipelineConfig,
  'environments' | 'scan' | 'hooks' | 'checks' | 'services' | 'database'
>;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Every gate of `config` that is weaker than `guardrails`, in document order; empty when the
 * config meets every minimum (a stricter config passes). `today` is the day allowlist expiries are
 * counted from, in UTC. Protected environments are found by account, never by name: every environment in a
 * protected account is judged, and a protected account that no environment deploys to is fine (nothing there to
 * guard). A version 1 document (names) fails every config with one line that says how to migrate.
 */
export function checkGuardrails(config: GuardedConfig, guardrails: Guardrails, today: Date): Violation[] {
  if (guardrails.version === 1) {
    return [
      {
        path: 'guardrails',
        found:
          'version 1, which names the protected environments: a config that renames prod and adds another ' +
          'environment on the prod account would pass it',
        required:
          'version 2, which lists protectedAccounts; the platform team publishes it with bluegreen guardrails ' +
          'publish (README.md#guardrails)',
      },
    ];
  }
  return [...checkEnvironments(config, guardrails), ...checkScan(config, guardrails, today)];
}

function checkEnvironments(config: GuardedConfig, guardrails: GuardrailsV2): Violation[] {
  const accounts = new Set(guardrails.protectedAccounts);
  return config.environments.flatMap((environment, i) =>
    accounts.has(environment.account)
      ? checkProtectedEnvironment(config, environment, `environments[${i}]`, guardrails.protectedEnvironments)
      : [],
  );
}

function checkScan(config: GuardedConfig, guardrails: GuardrailsV2, today: Date): Violation[] {
  const { mustBlock, onlyFixableAllowed, allowlistMaxDays, allowlistMaxEntries } = guardrails.scan;
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
  if (config.scan.allowlist.length > allowlistMaxEntries) {
    violations.push({
      path: 'scan.allowlist',
      found: `${config.scan.allowlist.length} entries`,
      required: `at most ${allowlistMaxEntries} entries`,
    });
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
