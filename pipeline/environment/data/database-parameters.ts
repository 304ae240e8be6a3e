import * as rds from 'aws-cdk-lib/aws-rds';
import type { Construct } from 'constructs';
import {
  TLS_PARAMETER,
  TLS_REQUIRED_BY_DEFAULT_FROM,
  type DatabaseEngineName,
} from '../../../model/config/database-engines';
import { acknowledgeGuardRule } from '../../policy/acknowledge';

/**
 * The database's parameter groups: whether it refuses connections without TLS (below), and what makes the logs this
 * product exports (database-engine.ts, logExports) actually fill. RDS exports a log type only when the engine
 * writes it, and MySQL writes the general, slow query and audit logs only when told:
 * - RDS for MySQL: a parameter group with general_log = 1, slow_query_log = 1 and log_output = FILE, and an
 *   option group with MARIADB_AUDIT_PLUGIN (all 8.4 versions, 8.0.28 and later) for the audit log
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.MySQLDB.PublishtoCloudWatchLogs.html,
 *   https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Appendix.MySQL.Options.html);
 * - Aurora MySQL: the same log parameters, and server_audit_logging = 1 with server_audit_events in the cluster
 *   parameter group for the audit log
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Auditing.html).
 * PostgreSQL writes the logs it exports without any of this.
 */

/** The MySQL parameters that write the general and slow query logs to files, which RDS exports. */
export const MYSQL_LOG_PARAMETERS: Readonly<Record<string, string>> = {
  general_log: '1',
  slow_query_log: '1',
  log_output: 'FILE',
};

/**
 * Audited events: connections and the statements that change schema or privileges. Not QUERY (every statement's
 * text, data included), which the general log already carries for whoever needs it.
 */
export const AUDIT_EVENTS = 'CONNECT,QUERY_DDL,QUERY_DCL';

/** The Aurora MySQL cluster parameters that turn on Advanced Auditing. */
export const AURORA_AUDIT_PARAMETERS: Readonly<Record<string, string>> = {
  server_audit_logging: '1',
  server_audit_events: AUDIT_EVENTS,
};

/**
 * Refusing connections without TLS: RDS for MySQL and Aurora MySQL 3 accept them unless require_secure_transport
 * is on (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/mysql-ssl-connections.require-ssl.html); RDS for
 * PostgreSQL before 15 and Aurora PostgreSQL unless rds.force_ssl is 1, which the default groups of RDS for
 * PostgreSQL 15 and later already set (TLS_REQUIRED_BY_DEFAULT_FROM). Both parameters are
 * dynamic, but an instance applies a group newly associated with it only when it reboots (CloudFormation reboots an
 * RDS instance during that update; Aurora leaves its instances pending a reboot), so a PostgreSQL database keeps the
 * default group wherever that already refuses connections without TLS. The Control Tower rules CT.RDS.PR.27/28 ask
 * every custom parameter group to set the parameter on.
 */
const TLS_NOT_REQUIRED =
  'The configuration allows connections without TLS (database.requireTls false): its application connects to ' +
  'the database without TLS.';

/** Fixed: a group's description changes only by replacing the group. */
const TLS_GROUP_DESCRIPTION = 'rds.force_ssl as database.requireTls says';

/** What requireTls sets in a parameter group of the engine. */
function tlsParameters(engineName: DatabaseEngineName, requireTls: boolean): Record<string, string> {
  // Aurora MySQL's documentation spells the value ON/OFF; the others 1/0.
  const [on, off] = engineName === 'aurora-mysql' ? ['ON', 'OFF'] : ['1', '0'];
  return { [TLS_PARAMETER[engineName]]: requireTls ? on : off };
}

/** Whether a PostgreSQL database needs a group of its own for `requireTls` (the default group does not say it). */
function needsTlsGroup(engineName: 'postgres' | 'aurora-postgresql', version: string, requireTls: boolean): boolean {
  const forcedByDefault = Number.parseInt(version, 10) >= (TLS_REQUIRED_BY_DEFAULT_FROM[engineName] ?? Infinity);
  // Aurora PostgreSQL has no entry: it always gets a group that says so.
  return requireTls !== forcedByDefault;
}

/** Where a group is used: an RDS instance's DB parameter group or an Aurora cluster's DB cluster parameter group. */
type GroupOf = 'instance' | 'cluster';

/** The Control Tower rule each kind of group is judged by. */
const TLS_GUARD_RULE: Readonly<Record<GroupOf, string>> = {
  instance: 'rds_db_parameter_group_tls_check',
  cluster: 'rds_db_cluster_parameter_group_tls_check',
};

/** A parameter group holding `parameters` and the engine's TLS parameter; accepting plain text acknowledges the rule. */
function groupWithTls(
  scope: Construct,
  id: string,
  of: GroupOf,
  props: { engine: rds.IEngine; engineName: DatabaseEngineName; requireTls: boolean },
  description: string,
  parameters: Readonly<Record<string, string>> = {},
): rds.ParameterGroup {
  const group = new rds.ParameterGroup(scope, id, {
    engine: props.engine,
    description,
    parameters: { ...parameters, ...tlsParameters(props.engineName, props.requireTls) },
  });
  if (!props.requireTls) acknowledgeGuardRule(group, TLS_GUARD_RULE[of], TLS_NOT_REQUIRED);
  return group;
}

/**
 * The descriptions the MySQL groups had before they also set TLS, kept with their ids: a new description would replace
 * the group, and an instance applies a new group only when it reboots, where a changed dynamic parameter applies at once.
 */
const LOG_GROUP_DESCRIPTION: Readonly<Record<GroupOf, string>> = {
  instance: 'Writes the general and slow query logs to files, which RDS exports',
  cluster: 'Writes the general, slow query and audit logs to files, which Aurora exports',
};

/** The parameter and option groups an RDS instance of the engine needs for its exported logs and its TLS. */
export function instanceParameters(
  scope: Construct,
  engineName: 'postgres' | 'mysql',
  engine: rds.IInstanceEngine,
  version: string,
  requireTls: boolean,
): Pick<rds.DatabaseInstanceSourceProps, 'parameterGroup' | 'optionGroup'> {
  const tls = { engine, engineName, requireTls };
  if (engineName !== 'mysql') {
    if (!needsTlsGroup(engineName, version, requireTls)) return {};
    return { parameterGroup: groupWithTls(scope, 'TlsParameters', 'instance', tls, TLS_GROUP_DESCRIPTION) };
  }
  const description = LOG_GROUP_DESCRIPTION.instance;
  const parameterGroup = groupWithTls(scope, 'LogParameters', 'instance', tls, description, MYSQL_LOG_PARAMETERS);
  const optionGroup = new rds.OptionGroup(scope, 'AuditOptions', {
    engine,
    description: 'MariaDB Audit Plugin: fills the exported audit log',
    configurations: [{ name: 'MARIADB_AUDIT_PLUGIN', settings: { SERVER_AUDIT_EVENTS: AUDIT_EVENTS } }],
  });
  return { parameterGroup, optionGroup };
}

/** The cluster parameter group an Aurora cluster of the engine needs for its exported logs and its TLS. */
export function clusterParameters(
  scope: Construct,
  engineName: 'aurora-postgresql' | 'aurora-mysql',
  engine: rds.IClusterEngine,
  version: string,
  requireTls: boolean,
): Pick<rds.DatabaseClusterProps, 'parameterGroup'> {
  const tls = { engine, engineName, requireTls };
  if (engineName !== 'aurora-mysql') {
    if (!needsTlsGroup(engineName, version, requireTls)) return {};
    return { parameterGroup: groupWithTls(scope, 'ClusterTlsParameters', 'cluster', tls, TLS_GROUP_DESCRIPTION) };
  }
  const parameters = { ...MYSQL_LOG_PARAMETERS, ...AURORA_AUDIT_PARAMETERS };
  const description = LOG_GROUP_DESCRIPTION.cluster;
  return { parameterGroup: groupWithTls(scope, 'ClusterLogParameters', 'cluster', tls, description, parameters) };
}
