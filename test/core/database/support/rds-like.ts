import type { MariadbServer } from '../../../support/mariadb-server';
import type { PostgresServer } from '../../../support/postgres-server';

/** The master user the tests' servers are given, as RDS makes it from the master secret. */
export const MASTER = { username: 'dbadmin', password: 'master-Pw-0123456789abcdef' } as const;

/**
 * A PostgreSQL server set up as RDS sets up an instance: a master user that is no superuser but may create roles and
 * databases and is a member of rds_superuser, owning the application's database (`databases[0]`) and the others.
 */
export async function rdsLikePostgres(server: PostgresServer, databases: readonly string[]): Promise<void> {
  await server.query(
    'postgres',
    `CREATE ROLE rds_superuser NOLOGIN;
     CREATE ROLE ${MASTER.username} WITH LOGIN CREATEROLE CREATEDB NOSUPERUSER PASSWORD '${MASTER.password}' IN ROLE rds_superuser`,
  );
  const master = await server.connect('postgres', { user: MASTER.username, password: MASTER.password });
  try {
    for (const database of databases) await master.query(`CREATE DATABASE ${database}`);
  } finally {
    await master.end();
  }
}

/** Runs `sql` in `database` as `as`, in a session of its own. */
export async function asPostgresUser(
  server: PostgresServer,
  database: string,
  as: { user: string; password: string },
  sql: string,
): Promise<void> {
  const session = await server.connect(database, as);
  try {
    await session.query(sql);
  } finally {
    await session.end();
  }
}

/** Runs `sql` in `database` as the master user, as the application's migrations did until now. */
export async function asPostgresMaster(server: PostgresServer, database: string, sql: string): Promise<void> {
  await asPostgresUser(server, database, { user: MASTER.username, password: MASTER.password }, sql);
}

/**
 * A MariaDB server set up as RDS MySQL sets up an instance: a master user at '%' with every privilege and GRANT
 * OPTION (RDS leaves out a few, such as SUPER, which the function does not use), and the databases.
 */
export async function rdsLikeMariadb(server: MariadbServer, databases: readonly string[]): Promise<void> {
  await server.query(`CREATE USER '${MASTER.username}'@'%' IDENTIFIED BY '${MASTER.password}'`);
  await server.query(`GRANT ALL PRIVILEGES ON *.* TO '${MASTER.username}'@'%' WITH GRANT OPTION`);
  for (const database of databases) await server.query(`CREATE DATABASE \`${database}\``);
}
