import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { rdsLogExportSource } from '../../../../core/preflight/rules/rds-log-export-source';
import { assemblyOf, ref, resource, runRule, severities, stack } from '../harness';

const LOGS = ['audit', 'error', 'general', 'slowquery'];
const LOG_PARAMETERS = { general_log: '1', slow_query_log: '1', log_output: 'FILE' };

const instance = (properties: JsonObject = {}) =>
  resource(
    'AWS::RDS::DBInstance',
    { Engine: 'mysql', DBInstanceClass: 'db.t4g.micro', EnableCloudwatchLogsExports: LOGS, ...properties },
    'prod/Data/Database/Instance/Resource',
  );
const parameterGroup = (Parameters: JsonObject) =>
  resource('AWS::RDS::DBParameterGroup', { Family: 'mysql8.4', Description: 'logs', Parameters });
const auditOptions = resource('AWS::RDS::OptionGroup', {
  EngineName: 'mysql',
  MajorEngineVersion: '8.4',
  OptionGroupDescription: 'audit',
  OptionConfigurations: [{ OptionName: 'MARIADB_AUDIT_PLUGIN' }],
});

const cluster = (properties: JsonObject = {}) =>
  resource(
    'AWS::RDS::DBCluster',
    { Engine: 'aurora-mysql', EnableCloudwatchLogsExports: LOGS, ...properties },
    'prod/Data/Database/Cluster/Resource',
  );
const clusterGroup = (Parameters: JsonObject) =>
  resource('AWS::RDS::DBClusterParameterGroup', { Family: 'aurora-mysql8.0', Description: 'logs', Parameters });

const check = (resources: Record<string, TemplateResource>) =>
  runRule(rdsLogExportSource, assemblyOf(stack('data', { resources })));

describe('rds-log-export-source', () => {
  test('compliant: a MySQL instance with the log parameters and the audit plugin', () => {
    const resources = {
      Db: instance({ DBParameterGroupName: ref('Params'), OptionGroupName: ref('Options') }),
      Params: parameterGroup(LOG_PARAMETERS),
      Options: auditOptions,
    };
    expect(check(resources)).toEqual([]);
  });

  test('compliant: an Aurora MySQL cluster with the log parameters and Advanced Auditing', () => {
    const resources = {
      Db: cluster({ DBClusterParameterGroupName: ref('Params') }),
      Params: clusterGroup({ ...LOG_PARAMETERS, server_audit_logging: 'ON', server_audit_events: 'CONNECT' }),
    };
    expect(check(resources)).toEqual([]);
  });

  test('compliant: a PostgreSQL instance and a MySQL instance exporting only the error log need nothing', () => {
    const postgres = instance({ Engine: 'postgres', EnableCloudwatchLogsExports: ['postgresql', 'upgrade'] });
    const errorOnly = instance({ EnableCloudwatchLogsExports: ['error'] });
    expect(check({ Pg: postgres, My: errorOnly })).toEqual([]);
  });

  test('non-compliant: a MySQL instance on the default groups exporting audit, general and slow query logs', () => {
    const findings = check({ Db: instance() });
    expect(severities(findings)).toEqual(['error', 'error', 'error']);
    expect(findings[0]).toMatchObject({ logicalId: 'Db', constructPath: 'prod/Data/Database/Instance/Resource' });
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringContaining('no MARIADB_AUDIT_PLUGIN option'),
      expect.stringContaining('exports the general log, but uses the default parameter group'),
      expect.stringContaining('exports the slowquery log, but uses the default parameter group'),
    ]);
  });

  test('non-compliant: log_output TABLE writes nothing RDS can export', () => {
    const resources = {
      Db: instance({ DBParameterGroupName: ref('Params'), OptionGroupName: ref('Options') }),
      Params: parameterGroup({ ...LOG_PARAMETERS, log_output: 'TABLE' }),
      Options: auditOptions,
    };
    expect(check(resources).map((f) => f.message)).toEqual([
      expect.stringContaining('general_log = 1 and log_output = FILE'),
      expect.stringContaining('slow_query_log = 1 and log_output = FILE'),
    ]);
  });

  test('non-compliant: an Aurora MySQL cluster with log parameters but without server_audit_logging', () => {
    const resources = {
      Db: cluster({ DBClusterParameterGroupName: ref('Params') }),
      Params: clusterGroup(LOG_PARAMETERS),
    };
    const findings = check(resources);
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain('server_audit_logging = 1');
  });

  test('warning: a parameter group named by a plain name cannot be checked', () => {
    const findings = check({
      Db: instance({
        DBParameterGroupName: 'shared-mysql',
        OptionGroupName: ref('Options'),
        EnableCloudwatchLogsExports: ['general'],
      }),
      Options: auditOptions,
    });
    expect(severities(findings)).toEqual(['warning']);
  });
});
