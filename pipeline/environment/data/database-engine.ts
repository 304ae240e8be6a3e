import * as rds from 'aws-cdk-lib/aws-rds';
import { SUPPORTED_VERSIONS, type DatabaseEngineName } from '../../../model/config/database-engines';

/**
 * CDK engine objects for the supported (engine, major version) pairs of config/database-engines.ts.
 * Instances and clusters take a pinned minor (CloudFormation's own validation, and cfn-lint, refuse a bare
 * major such as '8.4'; RDS upgrades minors in place from there). Aurora's minors are new enough for every feature used here (Serverless v2 down
 * to 0 ACU needs aurora-postgresql 14.12+/15.7+/16.3+ and aurora-mysql 3.08+).
 */
const INSTANCE_VERSIONS: Record<'postgres' | 'mysql', Record<string, rds.IInstanceEngine>> = {
  postgres: {
    '14': rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_14_22 }),
    '15': rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_15_17 }),
    '16': rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_16_13 }),
    '17': rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_9 }),
  },
  mysql: {
    '8.0': rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_0_46 }),
    // CDK has no major-only constant for 8.4. 8.4.9, not 8.4.10: cfn-lint 1.51's RDS data ends at 8.4.9 (E3691).
    '8.4': rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_9 }),
  },
};

const CLUSTER_VERSIONS: Record<'aurora-postgresql' | 'aurora-mysql', Record<string, rds.IClusterEngine>> = {
  'aurora-postgresql': {
    '14': rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_14_17 }),
    '15': rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_15_12 }),
    '16': rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_8 }),
    '17': rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_5 }),
  },
  'aurora-mysql': {
    // 3.10 is a long-term-support release of the MySQL 8.0-compatible line.
    '3': rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_10_0 }),
  },
};

/** The engine of an RDS instance (postgres, mysql); throws naming the supported versions. */
export function instanceEngine(engine: 'postgres' | 'mysql', version: string): rds.IInstanceEngine {
  return INSTANCE_VERSIONS[engine][version] ?? unsupported(engine, version);
}

/** The engine of an Aurora cluster; throws naming the supported versions. */
export function clusterEngine(engine: 'aurora-postgresql' | 'aurora-mysql', version: string): rds.IClusterEngine {
  return CLUSTER_VERSIONS[engine][version] ?? unsupported(engine, version);
}

/**
 * Logs exported to CloudWatch: every type the engine supports (what CT.RDS.PR.14 asks of instances).
 * MySQL's audit, general and slow query logs only fill with the parameter and option groups of
 * database-parameters.ts, which the instance and the cluster get.
 */
export function logExports(engine: DatabaseEngineName): string[] {
  switch (engine) {
    case 'postgres':
      return ['postgresql', 'upgrade'];
    case 'aurora-postgresql':
      return ['postgresql'];
    case 'mysql':
    case 'aurora-mysql':
      return ['audit', 'error', 'general', 'slowquery'];
  }
}

function unsupported(engine: DatabaseEngineName, version: string): never {
  throw new Error(
    `Database: ${engine} version '${version}' is not supported (supported: ${SUPPORTED_VERSIONS[engine].join(', ')})`,
  );
}
