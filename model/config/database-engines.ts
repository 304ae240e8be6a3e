import type { DatabaseEngineFamily } from '../lambda-contracts';

/**
 * What this product supports of each database engine: the major versions it can create, and which
 * instance classes allow Performance Insights. Pure data, shared by the config schema (validation)
 * and the database construct (which maps a version to CDK's engine version enums).
 */

export const DATABASE_ENGINES = ['postgres', 'mysql', 'aurora-postgresql', 'aurora-mysql'] as const;
export type DatabaseEngineName = (typeof DATABASE_ENGINES)[number];

/**
 * Major versions per engine, newest last (the last one is the default). RDS for PostgreSQL and MySQL
 * take a major version and pick the newest minor; Aurora pins a minor (see data/database-engine.ts).
 * Aurora MySQL 3 is the MySQL 8.0-compatible line.
 */
export const SUPPORTED_VERSIONS: Readonly<Record<DatabaseEngineName, readonly string[]>> = {
  postgres: ['14', '15', '16', '17'],
  mysql: ['8.0', '8.4'],
  'aurora-postgresql': ['14', '15', '16', '17'],
  'aurora-mysql': ['3'],
};

/** The parameter that makes each engine refuse connections without TLS (set in its parameter group). */
export const TLS_PARAMETER: Readonly<Record<DatabaseEngineName, 'require_secure_transport' | 'rds.force_ssl'>> = {
  mysql: 'require_secure_transport',
  'aurora-mysql': 'require_secure_transport',
  postgres: 'rds.force_ssl',
  'aurora-postgresql': 'rds.force_ssl',
};

/**
 * The first major version whose default parameter group refuses connections without TLS (rds.force_ssl 1), where AWS
 * documents one: RDS for PostgreSQL 15
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/PostgreSQL.Concepts.General.SSL.html). Aurora PostgreSQL's
 * default is documented as 0 without a version, and MySQL's groups accept plain text.
 */
export const TLS_REQUIRED_BY_DEFAULT_FROM: Readonly<Partial<Record<DatabaseEngineName, number>>> = {
  postgres: 15,
};

export function defaultVersion(engine: DatabaseEngineName): string {
  const versions = SUPPORTED_VERSIONS[engine];
  return versions[versions.length - 1];
}

export function isAurora(engine: DatabaseEngineName): boolean {
  return engine.startsWith('aurora-');
}

/** The default instance class per engine family when the config names none (and is not serverless). */
export function defaultInstanceClass(engine: DatabaseEngineName): string {
  return isAurora(engine) ? 'db.t4g.medium' : 'db.t4g.micro';
}

/** `db.<family>.<size>`, e.g. db.t4g.micro or db.r7g.large. */
export const INSTANCE_CLASS = /^db\.([a-z][a-z0-9-]*)\.([a-z0-9]+)$/;

const BURSTABLE_SMALL = /^db\.t[234]g?\.(micro|small)$/;

/**
 * Aurora runs on no micro or small class (its smallest burstable class is medium); RDS runs on all.
 * Returns the reason a class is refused, or undefined.
 */
export function instanceClassProblem(engine: DatabaseEngineName, instanceClass: string): string | undefined {
  if (isAurora(engine) && BURSTABLE_SMALL.test(instanceClass)) {
    return `is too small for ${engine}: Aurora's smallest classes are db.t3.medium and db.t4g.medium`;
  }
  return undefined;
}

/**
 * Whether Performance Insights can be enabled. AWS documents no support on the micro and small
 * burstable classes (db.t2/t3/t4g .micro/.small) for the MySQL family; PostgreSQL supports every
 * class; Aurora Serverless v2 supports it.
 */
export function performanceInsightsSupported(engine: DatabaseEngineName, instanceClass: string | undefined): boolean {
  if (instanceClass === undefined) return true; // serverless v2
  const mysqlFamily = engine === 'mysql' || engine === 'aurora-mysql';
  return !(mysqlFamily && BURSTABLE_SMALL.test(instanceClass));
}

/**
 * The port the database listens on. Not the engine's default (5432 / 3306): scanners and worms try
 * those first, and every client here reads the port from the secret (DB_PORT), so moving it costs nothing.
 */
export function databasePort(engine: DatabaseEngineName): number {
  return engine === 'postgres' || engine === 'aurora-postgresql' ? 5433 : 3307;
}

/** The SQL dialect an engine speaks: what the database-users function writes its statements in. */
export function engineFamily(engine: DatabaseEngineName): DatabaseEngineFamily {
  return engine === 'postgres' || engine === 'aurora-postgresql' ? 'postgres' : 'mysql';
}

/**
 * The databases of the server itself and of RDS's administration, by SQL dialect: an application user would get every
 * privilege on one of these (MySQL's `mysql` holds the accounts, the master's included) or own it. RDS keeps names
 * starting with `rds` for itself too.
 */
export const SYSTEM_DATABASES: Readonly<Record<DatabaseEngineFamily, readonly string[]>> = {
  mysql: ['mysql', 'sys', 'information_schema', 'performance_schema'],
  postgres: ['postgres', 'template0', 'template1', 'rdsadmin'],
};

/** Whether `name` is a system database of `family` (compared in lower case, as MySQL may compare database names). */
export function isSystemDatabase(name: string, family: DatabaseEngineFamily): boolean {
  const lower = name.toLowerCase();
  return SYSTEM_DATABASES[family].includes(lower) || lower.startsWith('rds');
}
