/**
 * Runs the PostgreSQL plan (postgres-statements.ts) as the master user over verified TLS, in two sessions. First, from
 * the `postgres` database, the roles, their passwords and memberships and the database's owner, in one transaction: a
 * run that fails there changes nothing. Then, in the application's database, each of the master's objects given away
 * in a transaction of its own, so that a table is locked for one statement while the services (still connected as the
 * master during an upgrade) query the others; a run that fails part-way has given some, and the next run the rest.
 */
import type { Client } from 'pg';
import type { ApplicationUsers, UserPasswords, UsersOutcome } from './application-users';
import { DATABASE_TIMEOUTS, noSuchDatabase, POSTGRES_ROLE_DATABASE, type MasterLogin } from './database-connection';
import { connecting } from './master-login';
import { openPostgres } from './open-connection';
import {
  postgresOwnershipPlan,
  postgresRolePlan,
  type PostgresObject,
  type PostgresRoles,
} from './postgres-statements';

/*
 * The catalog queries name every table, function and type with its schema, and cast every parameter: the session's
 * search_path is pg_catalog's alone (POSTGRES_SESSION_OPTIONS), and the queries do not depend on it either.
 */

/**
 * The objects the master owns in this database, from the owner dependencies PostgreSQL keeps for REASSIGN OWNED
 * (pg_shdepend), but only this database's: REASSIGN OWNED itself also hands over the shared objects, the master's
 * other databases among them. An extension's objects stay with the extension, a sequence a column owns (serial,
 * identity) goes with its table, which is the only way PostgreSQL lets it go, and a session's temporary tables end
 * with it.
 */
const MASTER_OBJECTS = `
  SELECT o.type, o.identity
  FROM pg_catalog.pg_shdepend d
  CROSS JOIN LATERAL pg_catalog.pg_identify_object(d.classid, d.objid, 0) o
  WHERE d.dbid = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
    AND d.refclassid = 'pg_catalog.pg_authid'::pg_catalog.regclass
    AND d.refobjid = (SELECT oid FROM pg_catalog.pg_roles WHERE rolname = $1::pg_catalog.name)
    AND d.deptype = 'o'
    AND d.classid <> 'pg_catalog.pg_default_acl'::pg_catalog.regclass
    AND coalesce(o.schema, '') !~ '^pg_(toast_)?temp_'
    AND NOT EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend e WHERE e.classid = d.classid AND e.objid = d.objid AND e.deptype = 'e')
    AND NOT (o.type = 'sequence' AND EXISTS (
      SELECT 1 FROM pg_catalog.pg_depend c
      WHERE c.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND c.objid = d.objid
        AND c.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND c.deptype IN ('a', 'i')))
  ORDER BY o.type, o.identity`;

export async function ensurePostgresUsers(
  login: MasterLogin,
  databaseName: string,
  users: ApplicationUsers,
  passwords: UserPasswords,
): Promise<UsersOutcome> {
  const roleChanges = await inDatabase(login, POSTGRES_ROLE_DATABASE, (client) =>
    ensureRoles(client, login.host, databaseName, users, passwords),
  );
  return inDatabase(login, databaseName, (client) => giveObjects(client, users, roleChanges));
}

/** `work` in a session as the master in `database`, closed whatever happens. */
async function inDatabase<T>(login: MasterLogin, database: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = await connecting(
    `PostgreSQL at ${login.host}:${login.port}, database ${database}, as ${login.user}`,
    () => openPostgres({ ...login, database }, DATABASE_TIMEOUTS, 'bluegreen-database-users'),
  );
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The role steps, in one transaction; what they changed. */
async function ensureRoles(
  client: Client,
  host: string,
  databaseName: string,
  users: ApplicationUsers,
  passwords: UserPasswords,
): Promise<string[]> {
  await client.query('BEGIN');
  try {
    const state = await postgresRoles(client, users, databaseName);
    if (state === undefined) throw noSuchDatabase(databaseName, host);
    const steps = postgresRolePlan(users, databaseName, state, passwords);
    for (const step of steps) {
      try {
        await client.query(step.sql);
      } catch (error) {
        throw new Error(
          `PostgreSQL refused to do this (${step.change}): ${(error as Error).message}; nothing was changed`,
        );
      }
    }
    await client.query('COMMIT');
    return steps.map((step) => step.change);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Each of the master's objects, a statement (and so a transaction, and its locks) of its own. */
async function giveObjects(client: Client, users: ApplicationUsers, before: readonly string[]): Promise<UsersOutcome> {
  const objects = await client.query<PostgresObject>(MASTER_OBJECTS, [users.master]);
  const plan = postgresOwnershipPlan(users, objects.rows);
  const changes = [...before];
  for (const step of plan.steps) {
    try {
      await client.query(step.sql);
    } catch (error) {
      throw new Error(
        `PostgreSQL refused to do this (${step.change}): ${(error as Error).message}; the ${changes.length} changes before it are made, and the next run makes the rest`,
      );
    }
    changes.push(step.change);
  }
  return { changes, kept: plan.kept };
}

/** The roles' state, and the database's owner; undefined when the server has no database `databaseName`. */
async function postgresRoles(
  client: Client,
  users: ApplicationUsers,
  databaseName: string,
): Promise<PostgresRoles | undefined> {
  const owner = await client.query<{ owner: string }>(
    `SELECT pg_catalog.pg_get_userbyid(datdba) AS owner FROM pg_catalog.pg_database WHERE datname = $1::pg_catalog.name`,
    [databaseName],
  );
  if (owner.rows.length === 0) return undefined;
  const version = Number(
    (await client.query<{ v: string }>(`SELECT pg_catalog.current_setting('server_version_num') AS v`)).rows[0].v,
  );
  // From PostgreSQL 16 a role's creator holds it without being able to become it: what counts is SET.
  const acting = version >= 160_000 ? 'SET' : 'MEMBER';
  const roles = (
    await client.query<{ rolname: string }>(
      'SELECT rolname FROM pg_catalog.pg_roles WHERE rolname = ANY($1::pg_catalog.name[])',
      [[users.application, users.clone]],
    )
  ).rows.map((row) => row.rolname);
  const actsAsApplication = async (member: string): Promise<boolean> =>
    roles.includes(users.application) &&
    (roles.includes(member) || member === users.master) &&
    (
      await client.query<{ acts: boolean }>(
        'SELECT pg_catalog.pg_has_role($1::pg_catalog.name, $2::pg_catalog.name, $3::pg_catalog.text) AS acts',
        [member, users.application, acting],
      )
    ).rows[0].acts;
  const settings = await client.query<{ setting: string }>(
    `SELECT pg_catalog.unnest(s.setconfig) AS setting
     FROM pg_catalog.pg_db_role_setting s JOIN pg_catalog.pg_roles r ON r.oid = s.setrole
     WHERE r.rolname = $1::pg_catalog.name AND s.setdatabase = 0`,
    [users.clone],
  );
  const startsAs = settings.rows.map((row) => row.setting).find((setting) => setting.startsWith('role='));
  return {
    roles,
    masterActsAsApplication: await actsAsApplication(users.master),
    cloneActsAsApplication: await actsAsApplication(users.clone),
    cloneStartsAs: startsAs?.slice('role='.length),
    databaseOwner: owner.rows[0].owner,
  };
}
