import { effectiveDatabaseFor } from '../../model/config/database-schema';
import type { EnvironmentConfig } from '../../model/config/schema';
import type { GuardedConfig } from './check';
import type { GuardrailsV2 } from './schema';
import { formatList, type Violation } from './violation';

type Minimums = GuardrailsV2['protectedEnvironments'];

/**
 * What one environment in a protected account must keep: approval, a window no wider than the guardrails allow,
 * a stepped rollout unless allAtOnce is allowed (or is all an NLB service can have), rollback alarms at or below the
 * thresholds, the hooks and the checks, and a database that refuses connections without TLS unless that is allowed.
 * `at` is the environment's path in the config (`environments[1]`); the top-level hooks and checks apply to every
 * environment, so their paths are top-level.
 */
export function checkProtectedEnvironment(
  config: GuardedConfig,
  environment: EnvironmentConfig,
  at: string,
  minimums: Minimums,
): Violation[] {
  const which = `environment '${environment.name}', protected account ${environment.account}`;
  const violations: Violation[] = [];
  if (environment.approval !== true) {
    violations.push({ path: `${at}.approval`, found: `${String(environment.approval)} (${which})`, required: 'true' });
  }
  violations.push(...checkWindow(environment, at, which, minimums.deploymentWindow));
  // Behind a Network Load Balancer CodeDeploy shifts traffic only all at once (validation requires it there), so the
  // guardrail asks for a stepped rollout only where AWS offers one.
  const onlyAllAtOnce = config.services.some((s) => s.kind === 'web' && s.loadBalancer === 'nlb');
  if (environment.deployment.type === 'allAtOnce' && !minimums.deployment.allowAllAtOnce && !onlyAllAtOnce) {
    violations.push({
      path: `${at}.deployment.type`,
      found: `allAtOnce (${which})`,
      required: 'canary or linear (allAtOnce is not allowed in a protected account)',
    });
  }
  const { alarms } = environment;
  const thresholds: [keyof typeof alarms, number][] = [
    ['target5xxCount', minimums.alarms.maxTarget5xxCount],
    ['p99LatencyMs', minimums.alarms.maxP99LatencyMs],
    ['unhealthyHosts', minimums.alarms.maxUnhealthyHosts],
    ['evaluationPeriods', minimums.alarms.maxEvaluationPeriods],
  ];
  for (const [field, max] of thresholds) {
    if (alarms[field] > max) {
      violations.push({
        path: `${at}.alarms.${field}`,
        found: `${alarms[field]} (${which})`,
        required: `at most ${max}`,
      });
    }
  }
  const missingHooks = minimums.requireHooks.filter((event) => !config.hooks.includes(event));
  if (missingHooks.length > 0) {
    violations.push({
      path: 'hooks',
      found: `${formatList(config.hooks)} (leaves out ${missingHooks.join(', ')}; ${which})`,
      required: `to include ${formatList(minimums.requireHooks)}`,
    });
  }
  const checkLists: [string, number][] = [
    // Without top-level checks each web service checks its own health path once (serviceGates).
    ['checks', config.checks?.length ?? 1],
    ...config.services.flatMap((service, i): [string, number][] =>
      service.kind === 'web' && service.checks !== undefined ? [[`services[${i}].checks`, service.checks.length]] : [],
    ),
  ];
  for (const [path, count] of checkLists) {
    if (count < minimums.minChecks) {
      violations.push({ path, found: `${count} (${which})`, required: `at least ${minimums.minChecks}` });
    }
  }
  const database = effectiveDatabaseFor(config, environment.name);
  if (!minimums.database.allowWithoutTls && database?.requireTls === false) {
    violations.push({
      path: environment.database?.requireTls === false ? `${at}.database.requireTls` : 'database.requireTls',
      found: `false (${which})`,
      required: 'true (a database in a protected account refuses connections without TLS)',
    });
  }
  if (!minimums.database.allowMasterUser && database?.applicationUser === false) {
    violations.push({
      path:
        environment.database?.applicationUser === false ? `${at}.database.applicationUser` : 'database.applicationUser',
      found: `false (${which})`,
      required: "true (a protected environment's services connect as the application user, not the master user)",
    });
  }
  return violations;
}

function checkWindow(environment: EnvironmentConfig, at: string, which: string, limit: Minimums['deploymentWindow']) {
  const window = environment.deploymentWindow;
  const required = `at most ${limit.maxHoursPerDay} hours a day on at most ${limit.maxDaysPerWeek} days`;
  if (window === undefined) {
    return [
      { path: `${at}.deploymentWindow`, found: `absent (${which})`, required: `a deployment window, ${required}` },
    ];
  }
  const violations: Violation[] = [];
  const hours = window.endHour - window.startHour;
  if (hours > limit.maxHoursPerDay) {
    violations.push({
      path: `${at}.deploymentWindow`,
      found: `${window.startHour}:00-${window.endHour}:00 UTC, ${hours} hours a day (${which})`,
      required: `at most ${limit.maxHoursPerDay} hours a day`,
    });
  }
  if (window.days.length > limit.maxDaysPerWeek) {
    violations.push({
      path: `${at}.deploymentWindow.days`,
      found: `${formatList(window.days)} (${which})`,
      required: `at most ${limit.maxDaysPerWeek} days`,
    });
  }
  return violations;
}
