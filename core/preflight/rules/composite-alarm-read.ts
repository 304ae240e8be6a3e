import type { AssemblyStack, CloudAssembly } from '../assembly-model';
import { asString } from '../json-value';
import { pipelinesOf } from '../pipelines';
import { allStatements, coversAction, type PolicyStatement } from '../policy';
import { roleArnAccount } from '../role-lookup';
import type { Rule, RuleFinding } from '../rule';
import { getAttTarget, parseArn, refTarget, resourcesOfType, textOf } from '../template-values';

/**
 * (a) A policy that allows cloudwatch:DescribeAlarms only on named alarms cannot read a composite alarm.
 * (b) A CloudWatchAlarm condition rule whose role is in another account than the pipeline: not documented to work.
 */
export const compositeAlarmRead: Rule = {
  id: 'composite-alarm-read',
  severity: 'error',
  title: 'Reading a composite alarm needs DescribeAlarms on *',
  awsBehaviour:
    'DescribeAlarms returns composite alarms only to callers whose cloudwatch:DescribeAlarms permission is scoped ' +
    "to '*'; a narrower scope hides them, so a check that reads one never sees it.",
  docUrl: 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_DescribeAlarms.html',
  check: (assembly) => [...narrowDescribeAlarms(assembly), ...crossAccountAlarmRules(assembly)],
};

function narrowDescribeAlarms(assembly: CloudAssembly): RuleFinding[] {
  const compositeNames = new Set(
    assembly.stacks
      .flatMap((stack) => resourcesOfType(stack, 'AWS::CloudWatch::CompositeAlarm'))
      .map((alarm) => asString(alarm.resource.Properties.AlarmName))
      .filter((name): name is string => name !== undefined),
  );
  return assembly.stacks.flatMap((stack) =>
    allStatements(stack)
      .filter((s) => s.effect === 'Allow' && coversAction(s, 'cloudwatch:DescribeAlarms'))
      .filter((s) => !s.resources.some((r) => r === '*'))
      .flatMap((s): RuleFinding[] => {
        const composites = compositeAlarmsNamed(stack, s, compositeNames);
        if (composites.length === 0) return [];
        return [
          {
            severity: 'error',
            stack,
            logicalId: s.source.logicalId,
            resource: s.source.resource,
            message:
              `allows cloudwatch:DescribeAlarms only on specific alarms, including composite alarm ${composites.join(', ')}, ` +
              "which DescribeAlarms then never returns: allow cloudwatch:DescribeAlarms on '*' (it is read-only)",
          },
        ];
      }),
  );
}

/** The composite alarms (by name or logical id) among a statement's resources. */
function compositeAlarmsNamed(stack: AssemblyStack, statement: PolicyStatement, names: Set<string>): string[] {
  const isComposite = (logicalId: string | undefined) =>
    logicalId !== undefined && stack.template.Resources[logicalId]?.Type === 'AWS::CloudWatch::CompositeAlarm';
  return statement.resources.flatMap((resource) => {
    const target = getAttTarget(resource)?.logicalId ?? refTarget(resource);
    if (isComposite(target)) return [target ?? ''];
    const arn = parseArn(textOf(resource));
    const name = arn?.service === 'cloudwatch' && arn.resource.startsWith('alarm:') ? arn.resource.slice(6) : undefined;
    return name !== undefined && names.has(name) ? [name] : [];
  });
}

function crossAccountAlarmRules(assembly: CloudAssembly): RuleFinding[] {
  return pipelinesOf(assembly).flatMap((pipeline) => {
    const own = pipeline.stack.environment.account;
    return pipeline.stages.flatMap((stage) =>
      stage.conditions.flatMap((condition) =>
        condition.rules
          .filter((rule) => rule.provider === 'CloudWatchAlarm')
          .filter((rule) => {
            const account = roleArnAccount(rule.roleArn);
            return own !== undefined && account !== undefined && account !== own;
          })
          .map((rule): RuleFinding => ({
            severity: 'warning',
            stack: pipeline.stack,
            logicalId: pipeline.logicalId,
            resource: pipeline.resource,
            message:
              `stage '${stage.name}' ${condition.kind} rule '${rule.name}' reads its alarm with a role in account ` +
              `${roleArnAccount(rule.roleArn)}, not the pipeline's ${own}: AWS does not document cross-account roles ` +
              'for condition rules (rule-reference-CloudWatchAlarm); read the alarm from a step that assumes the reader role instead',
          })),
      ),
    );
  });
}
