import { MAX_ALARM_PERIOD_SECONDS } from '../../model/config/deployment-schema';
import type { TemplateJson } from './pipeline-template';
import {
  alarmTargetGroups,
  bakeAlarmNameViolations,
  compositeAlarmViolations,
  dimensionViolations,
  groupLoadBalancing,
  type GroupLoadBalancing,
} from './alarm-dimensions';
import { checkProtectedCaches } from './protected-cache';
import { checkProtectedDatabases } from './protected-database';
import { checkMasterSecretUse } from './protected-master-secret';
import { unknownResourceTypes } from './resource-types';
import type { GuardrailsV2 } from './schema';
import type { Violation } from './violation';

type Resource = NonNullable<TemplateJson['Resources']>[string];
type Minimums = GuardrailsV2['protectedEnvironments'];

/** The rollback alarms' metrics the guardrails bound, and how a template's threshold compares with the minimum. */
const THRESHOLDS: Readonly<Record<string, { field: keyof Minimums['alarms']; scale: number; statistic: string }>> = {
  HTTPCode_Target_5XX_Count: { field: 'maxTarget5xxCount', scale: 1, statistic: 'Sum' },
  // CloudWatch measures TargetResponseTime in seconds; the guardrail is in milliseconds.
  TargetResponseTime: { field: 'maxP99LatencyMs', scale: 1000, statistic: 'p99' },
  UnHealthyHostCount: { field: 'maxUnhealthyHosts', scale: 1, statistic: 'Maximum' },
  // Behind a Network Load Balancer, connection resets stand for the 5xx a TCP listener cannot see.
  TCP_Target_Reset_Count: { field: 'maxTarget5xxCount', scale: 1, statistic: 'Sum' },
  TCP_ELB_Reset_Count: { field: 'maxTarget5xxCount', scale: 1, statistic: 'Sum' },
};
const NLB_PROTOCOLS = ['TCP', 'TLS', 'UDP', 'TCP_UDP'];

/**
 * Judges a stack of a protected account as synthesized, not its configuration: each ECS deployment group shifts
 * traffic in steps (unless all at once is allowed, or it is behind a Network Load Balancer, where CodeDeploy offers
 * only all at once), rolls back on its alarms, and each of those alarms fires at or below the guardrails'
 * thresholds, rising, on this template's load balancer (and no alarm that cannot be read is ignored); each CodeDeploy
 * hook function runs at least `minChecks` checks; each database refuses connections
 * without TLS unless the guardrails allow it (protected-database.ts); each cache requires TLS and authenticates
 * clients only with credentials nobody chose (a generated token, generated passwords, IAM), whatever the guardrails
 * say (protected-cache.ts). What cannot be read counts as weaker.
 */
export function checkProtectedTemplate(template: TemplateJson, stack: string, guardrails: GuardrailsV2): Violation[] {
  const resources = template.Resources ?? {};
  const minimums = guardrails.protectedEnvironments;
  const violations: Violation[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    const properties = resource.Properties ?? {};
    const at = `${stack}/${id}`;
    if (resource.Type === 'AWS::CodeDeploy::DeploymentGroup' && properties.LoadBalancerInfo !== undefined) {
      violations.push(...checkDeploymentGroup(properties, at, resources, minimums));
    }
    const checks = (properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables?.CHECKS;
    if (resource.Type === 'AWS::Lambda::Function' && checks !== undefined) {
      const count = checkCount(checks);
      if (count === undefined || count < minimums.minChecks) {
        violations.push({
          path: `${at}.Environment.Variables.CHECKS`,
          found: count === undefined ? 'checks this check cannot read' : `${count} checks`,
          required: `at least ${minimums.minChecks}`,
        });
      }
    }
  }
  violations.push(...compositeAlarmViolations(resources, stack, rollbackAlarmIds(resources)));
  violations.push(...bakeAlarmNameViolations(resources, stack));
  if (!minimums.database.allowWithoutTls) violations.push(...checkProtectedDatabases(resources, stack));
  if (!minimums.database.allowMasterUser) violations.push(...checkMasterSecretUse(resources, stack));
  violations.push(...checkProtectedCaches(resources, stack));
  violations.push(...unknownResourceTypes(resources, stack, minimums.allowResourceTypes));
  return violations;
}

function checkDeploymentGroup(
  group: Record<string, unknown>,
  at: string,
  resources: Record<string, Resource>,
  minimums: Minimums,
): Violation[] {
  const violations: Violation[] = [];
  const allAtOnce = trafficAllAtOnce(group.DeploymentConfigName, resources);
  if (allAtOnce !== false && !minimums.deployment.allowAllAtOnce && !behindNlb(group, resources)) {
    violations.push({
      path: `${at}.DeploymentConfigName`,
      found: allAtOnce === true ? 'all traffic at once' : 'a deployment config this check cannot read',
      required: 'a canary or linear config (allAtOnce is not allowed in a protected account)',
    });
  }
  const rollback = group.AutoRollbackConfiguration as { Enabled?: unknown; Events?: unknown[] } | undefined;
  const alarms = group.AlarmConfiguration as
    { Enabled?: unknown; IgnorePollAlarmFailure?: unknown; Alarms?: { Name?: unknown }[] } | undefined;
  if (alarms?.IgnorePollAlarmFailure !== undefined && alarms.IgnorePollAlarmFailure !== false) {
    violations.push({
      path: `${at}.AlarmConfiguration.IgnorePollAlarmFailure`,
      found: String(alarms.IgnorePollAlarmFailure),
      required: 'false: a deployment whose alarms cannot be read stops, it does not go on unwatched',
    });
  }
  const names = alarms?.Enabled === true ? (alarms.Alarms ?? []) : [];
  if (
    rollback?.Enabled !== true ||
    !(rollback.Events ?? []).includes('DEPLOYMENT_STOP_ON_ALARM') ||
    names.length === 0
  ) {
    violations.push({
      path: `${at}.AlarmConfiguration`,
      found: 'no rollback on alarm',
      required: 'enabled rollback alarms and DEPLOYMENT_STOP_ON_ALARM',
    });
  }
  const balancing = groupLoadBalancing(group, resources);
  const namespace = behindNlb(group, resources) ? 'AWS/NetworkELB' : 'AWS/ApplicationELB';
  const unhealthyCovered = new Set<string>();
  names.forEach((alarm, i) => {
    const id = (alarm.Name as { Ref?: unknown } | undefined)?.Ref;
    const resource = typeof id === 'string' ? resources[id] : undefined;
    const path = `${at}.AlarmConfiguration.Alarms[${i}]`;
    if (resource?.Type !== 'AWS::CloudWatch::Alarm') {
      violations.push({ path, found: 'an alarm outside this template', required: 'a rollback alarm it can judge' });
      return;
    }
    const properties = resource.Properties ?? {};
    violations.push(...checkAlarm(properties, `${path} (${id})`, minimums.alarms, balancing, namespace));
    if (properties.MetricName === 'UnHealthyHostCount')
      for (const tg of alarmTargetGroups(properties.Dimensions)) unhealthyCovered.add(tg);
  });
  // Each target group (blue and green) is watched for unhealthy hosts: the signal every load balancer type reports.
  const unwatched = [...balancing.targetGroups].filter((tg) => !unhealthyCovered.has(tg));
  if (unwatched.length > 0 && names.length > 0) {
    violations.push({
      path: `${at}.AlarmConfiguration`,
      found: `no UnHealthyHostCount rollback alarm on ${unwatched.join(', ')}`,
      required: 'an unhealthy-hosts rollback alarm on each target group of the deployment',
    });
  }
  return violations;
}

function checkAlarm(
  alarm: Record<string, unknown>,
  path: string,
  limits: Minimums['alarms'],
  balancing: GroupLoadBalancing,
  namespace: string,
): Violation[] {
  const violations: Violation[] = [];
  // It must fire when the metric rises, on this template's own load balancer: an alarm that fires below a threshold,
  // or on a load balancer that does not exist (no data), never rolls a bad deployment back.
  if (!RISING.includes(String(alarm.ComparisonOperator))) {
    violations.push({
      path: `${path}.ComparisonOperator`,
      found: String(alarm.ComparisonOperator),
      required: RISING.join(' or '),
    });
  }
  if (alarm.Namespace !== namespace) {
    violations.push({
      path: `${path}.Namespace`,
      found: String(alarm.Namespace),
      required: `${namespace}, the namespace of the deployment's own load balancer`,
    });
  }
  violations.push(
    ...dimensionViolations(alarm.Dimensions, path, balancing, TARGET_GROUP_METRICS.has(String(alarm.MetricName))),
  );
  // A unit the metric does not report leaves the alarm without data: CloudWatch matches the unit exactly.
  if (alarm.Unit !== undefined) {
    violations.push({ path: `${path}.Unit`, found: String(alarm.Unit), required: 'no Unit (the metric as reported)' });
  }
  const periods = alarm.EvaluationPeriods;
  if (typeof periods !== 'number' || periods > limits.maxEvaluationPeriods) {
    violations.push({
      path: `${path}.EvaluationPeriods`,
      found: String(periods),
      required: `at most ${limits.maxEvaluationPeriods}`,
    });
  }
  if (typeof alarm.Period !== 'number' || alarm.Period > MAX_ALARM_PERIOD_SECONDS) {
    violations.push({
      path: `${path}.Period`,
      found: String(alarm.Period),
      required: `at most ${MAX_ALARM_PERIOD_SECONDS} seconds`,
    });
  }
  // A metric the guardrails bound, with the statistic that rises with it: any other (RequestCount, a Minimum of the
  // latency) is an alarm whose threshold no guardrail holds.
  const bound = THRESHOLDS[String(alarm.MetricName)];
  if (bound === undefined) {
    violations.push({
      path: `${path}.MetricName`,
      found: String(alarm.MetricName),
      required: `one of ${Object.keys(THRESHOLDS).join(', ')}, whose thresholds the guardrails bound`,
    });
    return violations;
  }
  const statistic = alarm.ExtendedStatistic ?? alarm.Statistic;
  if (statistic !== bound.statistic) {
    violations.push({
      path: `${path}.Statistic`,
      found: `${String(statistic)} of ${String(alarm.MetricName)}`,
      required: bound.statistic,
    });
  }
  const threshold = typeof alarm.Threshold === 'number' ? alarm.Threshold * bound.scale : undefined;
  if (threshold === undefined || threshold > limits[bound.field]) {
    violations.push({
      path: `${path}.Threshold`,
      found: `${String(alarm.Threshold)} on ${String(alarm.MetricName)}`,
      required: `at most ${limits[bound.field] / bound.scale} (guardrail ${bound.field})`,
    });
  }
  return violations;
}

const RISING = ['GreaterThanOrEqualToThreshold', 'GreaterThanThreshold'];
/** Metrics CloudWatch reports per target group only: without a TargetGroup dimension they have no data. */
const TARGET_GROUP_METRICS = new Set(['UnHealthyHostCount', 'HTTPCode_Target_5XX_Count', 'TargetResponseTime']);
/** True for all at once, false for a stepped config, undefined when the template does not say which. */
function trafficAllAtOnce(name: unknown, resources: Record<string, Resource>): boolean | undefined {
  // CodeDeploy's default for an ECS group is CodeDeployDefault.ECSAllAtOnce.
  if (name === undefined) return true;
  if (typeof name === 'string') {
    if (name === 'CodeDeployDefault.ECSAllAtOnce') return true;
    return /^CodeDeployDefault\.ECS(Canary|Linear)/.test(name) ? false : undefined;
  }
  const ref = (name as { Ref?: unknown }).Ref;
  const custom = typeof ref === 'string' ? resources[ref] : undefined;
  if (custom?.Type !== 'AWS::CodeDeploy::DeploymentConfig') return undefined;
  const type = (custom.Properties?.TrafficRoutingConfig as { Type?: unknown } | undefined)?.Type;
  return type === 'AllAtOnce' ? true : type === 'TimeBasedCanary' || type === 'TimeBasedLinear' ? false : undefined;
}

/** Whether the group's target groups are a Network Load Balancer's (TCP, TLS, UDP), read from the template. */
function behindNlb(group: Record<string, unknown>, resources: Record<string, Resource>): boolean {
  const info = group.LoadBalancerInfo as { TargetGroupPairInfoList?: { TargetGroups?: { Name?: unknown }[] }[] };
  const targetGroups = (info.TargetGroupPairInfoList ?? []).flatMap((pair) => pair.TargetGroups ?? []);
  return (
    targetGroups.length > 0 &&
    targetGroups.every((tg) => {
      const getAtt = (tg.Name as { 'Fn::GetAtt'?: unknown[] } | undefined)?.['Fn::GetAtt'];
      const protocol = resources[String(getAtt?.[0])]?.Properties?.Protocol;
      return NLB_PROTOCOLS.includes(String(protocol));
    })
  );
}

function checkCount(checks: unknown): number | undefined {
  if (typeof checks !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(checks);
    return Array.isArray(parsed) ? parsed.length : undefined;
  } catch {
    return undefined;
  }
}

/** The alarms every ECS deployment group of the template rolls back on, by logical id. */
function rollbackAlarmIds(resources: Record<string, Resource>): Set<string> {
  return new Set(
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::CodeDeploy::DeploymentGroup' && r.Properties?.LoadBalancerInfo !== undefined)
      .flatMap(
        (r) =>
          (r.Properties?.AlarmConfiguration as { Alarms?: { Name?: { Ref?: unknown } }[] } | undefined)?.Alarms ?? [],
      )
      .map((alarm) => alarm.Name?.Ref)
      .filter((id): id is string => typeof id === 'string'),
  );
}
