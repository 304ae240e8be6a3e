import * as rds from 'aws-cdk-lib/aws-rds';
import type { Construct } from 'constructs';
import { acknowledgeGuardRule } from '../../policy/acknowledge';

/**
 * What makes the logs this product exports (database-engine.ts, logExports) actually fill. RDS exports a log
 * type only when the engine writes it, and MySQL writes the general, slow query and audit logs only when told:
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
 * The Control Tower rules CT.RDS.PR.27/28 ask every custom parameter group to set require_secure_transport. That
 * would refuse every client that connects without TLS, which the default parameter group these databases had
 * before did not do either; requiring TLS is a decision per application (its driver must be set up for it), not
 * a side effect of turning the logs on.
 */
const TLS_NOT_REQUIRED =
  'Log parameters only: require_secure_transport stays as in the default parameter group (off), since requiring ' +
  'TLS refuses every client not set up for it; the seed apps that need it set TLS in their drivers themselves.';

/** The parameter and option groups an RDS instance of the engine needs for its exported logs. */
export function instanceLogSettings(
  scope: Construct,
  engineName: 'postgres' | 'mysql',
  engine: rds.IInstanceEngine,
): Pick<rds.DatabaseInstanceSourceProps, 'parameterGroup' | 'optionGroup'> {
  if (engineName !== 'mysql') return {};
  const parameterGroup = new rds.ParameterGroup(scope, 'LogParameters', {
    engine,
    description: 'Writes the general and slow query logs to files, which RDS exports',
    parameters: { ...MYSQL_LOG_PARAMETERS },
  });
  acknowledgeGuardRule(parameterGroup, 'rds_db_parameter_group_tls_check', TLS_NOT_REQUIRED);
  const optionGroup = new rds.OptionGroup(scope, 'AuditOptions', {
    engine,
    description: 'MariaDB Audit Plugin: fills the exported audit log',
    configurations: [{ name: 'MARIADB_AUDIT_PLUGIN', settings: { SERVER_AUDIT_EVENTS: AUDIT_EVENTS } }],
  });
  return { parameterGroup, optionGroup };
}

/** The cluster parameter group an Aurora cluster of the engine needs for its exported logs. */
export function clusterLogSettings(
  scope: Construct,
  engineName: string,
  engine: rds.IClusterEngine,
): Pick<rds.DatabaseClusterProps, 'parameterGroup'> {
  if (engineName !== 'aurora-mysql') return {};
  const parameterGroup = new rds.ParameterGroup(scope, 'ClusterLogParameters', {
    engine,
    description: 'Writes the general, slow query and audit logs to files, which Aurora exports',
    parameters: { ...MYSQL_LOG_PARAMETERS, ...AURORA_AUDIT_PARAMETERS },
  });
  acknowledgeGuardRule(parameterGroup, 'rds_db_cluster_parameter_group_tls_check', TLS_NOT_REQUIRED);
  return { parameterGroup };
}
