import type { AssemblyStack, TemplateResource } from '../assembly-model';
import { asList, asObject, asString, pathOf, type JsonObject, type JsonValue } from '../json-value';
import type { Rule, RuleFinding } from '../rule';
import { refTarget, resourcesOfType, textOf } from '../template-values';

/**
 * RDS exports a MySQL log to CloudWatch only when the engine writes it: the general and slow query logs need
 * general_log / slow_query_log on and log_output FILE in a custom parameter group, the audit log the
 * MARIADB_AUDIT_PLUGIN option (RDS for MySQL and MariaDB) or server_audit_logging in the cluster parameter group
 * (Aurora MySQL). Otherwise the log group exists and stays empty.
 */
export const rdsLogExportSource: Rule = {
  id: 'rds-log-export-source',
  severity: 'error',
  title: 'Exported MySQL logs have the parameters or options that write them',
  awsBehaviour:
    'RDS for MySQL publishes the general and slow query logs only with general_log = 1 / slow_query_log = 1 and ' +
    'log_output = FILE in a custom parameter group, and the audit log only with the MARIADB_AUDIT_PLUGIN option; ' +
    'Aurora MySQL needs the same log parameters and server_audit_logging = 1 in the cluster parameter group. ' +
    'Without them the exported log groups stay empty.',
  docUrl: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.MySQLDB.PublishtoCloudWatchLogs.html',
  // Aurora: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Integrating.CloudWatch.html
  check: (assembly) =>
    assembly.stacks.flatMap((stack) => [
      ...resourcesOfType(stack, 'AWS::RDS::DBInstance')
        .filter((i) => ['mysql', 'mariadb'].includes(asString(i.resource.Properties.Engine) ?? ''))
        .flatMap((i) => instanceFindings(stack, i.logicalId, i.resource)),
      ...resourcesOfType(stack, 'AWS::RDS::DBCluster')
        .filter((c) => asString(c.resource.Properties.Engine) === 'aurora-mysql')
        .flatMap((c) => clusterFindings(stack, c.logicalId, c.resource)),
    ]),
};

const TRUE_VALUES = ['1', 'on', 'true'];
const isOn = (value: JsonValue | undefined) => TRUE_VALUES.includes(textOf(value).toLowerCase());
const writesFiles = (parameters: JsonObject) => textOf(parameters.log_output).toUpperCase().split(',').includes('FILE');

/** What each exported log needs of a parameter group's parameters; undefined when it needs nothing there. */
function logNeeds(log: string): ((parameters: JsonObject) => boolean) | undefined {
  switch (log) {
    case 'general':
      return (p) => isOn(p.general_log) && writesFiles(p);
    case 'slowquery':
      return (p) => (isOn(p.slow_query_log) || isOn(p.log_slow_query)) && writesFiles(p);
    default:
      return undefined;
  }
}

const NEEDS_TEXT: Record<string, string> = {
  general: 'general_log = 1 and log_output = FILE',
  slowquery: 'slow_query_log = 1 and log_output = FILE',
};

type Group = { readonly kind: 'found'; readonly parameters: JsonObject } | { readonly kind: 'default' | 'unknown' };

/** The parameters of the group a property names: a group of the stack, the engine default, or one preflight cannot see. */
function groupOf(stack: AssemblyStack, value: JsonValue | undefined, type: string): Group {
  if (value === undefined) return { kind: 'default' };
  const resource = stack.template.Resources[refTarget(value) ?? ''];
  if (resource?.Type === type) return { kind: 'found', parameters: asObject(resource.Properties.Parameters) ?? {} };
  const name = asString(value);
  if (name !== undefined && name.startsWith('default.')) return { kind: 'default' };
  return { kind: 'unknown' };
}

function exported(resource: TemplateResource): string[] {
  return asList(resource.Properties.EnableCloudwatchLogsExports).filter((l): l is string => typeof l === 'string');
}

function instanceFindings(stack: AssemblyStack, logicalId: string, resource: TemplateResource): RuleFinding[] {
  const where = { stack, logicalId, resource };
  const group = groupOf(stack, resource.Properties.DBParameterGroupName, 'AWS::RDS::DBParameterGroup');
  return exported(resource).flatMap((log): RuleFinding[] => {
    if (log === 'audit') return auditOptionFindings(stack, where, resource);
    const needs = logNeeds(log);
    if (needs === undefined) return [];
    return parameterFindings(where, log, group, needs, 'its DB parameter group');
  });
}

function auditOptionFindings(
  stack: AssemblyStack,
  where: Pick<RuleFinding, 'stack' | 'logicalId' | 'resource'>,
  resource: TemplateResource,
): RuleFinding[] {
  const value = resource.Properties.OptionGroupName;
  const group = stack.template.Resources[refTarget(value) ?? ''];
  if (value !== undefined && group?.Type !== 'AWS::RDS::OptionGroup' && !textOf(value).startsWith('default:')) {
    return [
      {
        ...where,
        severity: 'warning',
        message: `cannot see the option group '${textOf(value)}': the exported audit log needs its MARIADB_AUDIT_PLUGIN option`,
      },
    ];
  }
  const options = asList(group?.Properties.OptionConfigurations);
  if (options.some((o) => pathOf(o, 'OptionName') === 'MARIADB_AUDIT_PLUGIN')) return [];
  return [
    {
      ...where,
      severity: 'error',
      message:
        'exports the audit log, but its option group has no MARIADB_AUDIT_PLUGIN option, so nothing writes it: add an ' +
        'option group with that option, or stop exporting audit',
    },
  ];
}

function parameterFindings(
  where: Pick<RuleFinding, 'stack' | 'logicalId' | 'resource'>,
  log: string,
  group: Group,
  needs: (parameters: JsonObject) => boolean,
  groupName: string,
): RuleFinding[] {
  if (group.kind === 'unknown') {
    return [
      {
        ...where,
        severity: 'warning',
        message: `cannot see ${groupName}: the exported ${log} log needs ${NEEDS_TEXT[log] ?? 'its parameters'} there`,
      },
    ];
  }
  if (group.kind === 'found' && needs(group.parameters)) return [];
  return [
    {
      ...where,
      severity: 'error',
      message:
        `exports the ${log} log, but ${group.kind === 'default' ? 'uses the default parameter group' : `${groupName} lacks it`}` +
        `: set ${NEEDS_TEXT[log] ?? 'its parameters'} in a custom parameter group, or the log group stays empty`,
    },
  ];
}

function clusterFindings(stack: AssemblyStack, logicalId: string, resource: TemplateResource): RuleFinding[] {
  const where = { stack, logicalId, resource };
  const group = groupOf(stack, resource.Properties.DBClusterParameterGroupName, 'AWS::RDS::DBClusterParameterGroup');
  // Instance-level parameter groups of the cluster's instances may set the log parameters instead.
  const instanceGroups = resourcesOfType(stack, 'AWS::RDS::DBInstance')
    .filter((i) => refTarget(i.resource.Properties.DBClusterIdentifier) === logicalId)
    .map((i) => groupOf(stack, i.resource.Properties.DBParameterGroupName, 'AWS::RDS::DBParameterGroup'));
  return exported(resource).flatMap((log): RuleFinding[] => {
    if (log === 'audit') {
      const needs = (p: JsonObject) => isOn(p.server_audit_logging);
      if (group.kind === 'found' && needs(group.parameters)) return [];
      if (group.kind === 'unknown') return parameterFindings(where, log, group, needs, 'its cluster parameter group');
      return [
        {
          ...where,
          severity: 'error',
          message:
            'exports the audit log, but its cluster parameter group does not set server_audit_logging = 1 (with ' +
            'server_audit_events): turn on Advanced Auditing there, or the log group stays empty',
        },
      ];
    }
    const needs = logNeeds(log);
    if (needs === undefined) return [];
    const onInstances =
      instanceGroups.length > 0 && instanceGroups.every((g) => g.kind === 'found' && needs(g.parameters));
    if (onInstances) return [];
    return parameterFindings(where, log, group, needs, 'its cluster parameter group');
  });
}
