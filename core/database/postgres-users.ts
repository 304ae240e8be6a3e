/**
 * Runs the PostgreSQL plan (postgres-statements.ts) on the application's database, connected as the master user over
 * verified TLS: reads the state and applies the steps in one transaction, so a run that fails changes nothing.
 */
import type { Client } from 'pg';
import type { ApplicationUsers, UserPasswords, UsersOutcome } from './application-users';
import { DATABASE_TIMEOUTS, type MasterLogin } from './database-connection';
import { openPostgres } from './open-connection';
import { postgresPlan, type PostgresObject, type PostgresState } from './postgres-statements';

/**
 * The objects the master owns in this database, from the owner dependencies PostgreSQL keeps for REASSIGN OWNED
 * (pg_shdepend), but only this database's: REASSIGN OWNED itself also hands over the shared objects, the master's
 * other databases among them. An extension's objects stay with the extension, a sequence a column owns (serial,
 * identity) goes with its table, which is the only way PostgreSQL lets it go, and a session's temporary tables end
 * with it.
 */
const MASTER_OBJECTS = `
  SELECT o.type, o.identity
  FROM pg_shdepend d
  CROSS JOIN LATERAL pg_identify_object(d.classid, d.objid, 0) o
  WHERE d.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND d.refclassid = 'pg_authid'::regclass
    AND d.refobjid = (SELECT oid FROM pg_roles WHERE rolname = $1)
    AND d.deptype = 'o'
    AND d.classid <> 'pg_default_acl'::regclass
    AND coalesce(o.schema, '') !~ '^pg_(toast_)?temp_'
    AND NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.classid = d.classid AND e.objid = d.objid AND e.deptype = 'e')
    AND NOT (o.type = 'sequence' AND EXISTS (
      SELECT 1 FROM pg_depend c
      WHERE c.classid = 'pg_class'::regclass AND c.objid = d.objid
        AND c.refclassid = 'pg_class'::regclass AND c.deptype IN ('a', 'i')))
  ORDER BY o.type, o.identity`;

export async function ensurePostgresUsers(
  login: MasterLogin,
  databaseName: string,
  users: ApplicationUsers,
  passwords: UserPasswords,
): Promise<UsersOutcome> {
  let client: Client;
  try {
    client = await openPostgres({ ...login, database: databaseName }, DATABASE_TIMEOUTS, 'bluegreen-database-users');
  } catch (error) {
    throw new Error(
      `could not connect to PostgreSQL at ${login.host}:${login.port}, database ${databaseName}, as ${login.user}: ${(error as Error).message}`,
    );
  }
  try {
    await client.query('BEGIN');
    const state = await postgresState(client, users);
    const plan = postgresPlan(users, databaseName, state, passwords);
    for (const step of plan.steps) {
      try {
        await client.query(step.sql);
      } catch (error) {
        throw new Error(
          `PostgreSQL refused to do this (${step.change}): ${(error as Error).message}; nothing was changed`,
        );
      }
    }
    await client.query('COMMIT');
    return { changes: plan.steps.map((step) => step.change), kept: plan.kept };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function postgresState(client: Client, users: ApplicationUsers): Promise<PostgresState> {
  const version = Number(
    (await client.query<{ v: string }>(`SELECT current_setting('server_version_num') AS v`)).rows[0].v,
  );
  // From PostgreSQL 16 a role's creator holds it without being able to become it: what counts is SET.
  const acting = version >= 160_000 ? 'SET' : 'MEMBER';
  const roles = (
    await client.query<{ rolname: string }>('SELECT rolname FROM pg_roles WHERE rolname = ANY($1::text[])', [
      [users.application, users.clone],
    ])
  ).rows.map((row) => row.rolname);
  const actsAsApplication = async (member: string): Promise<boolean> =>
    roles.includes(users.application) &&
    (roles.includes(member) || member === users.master) &&
    (
      await client.query<{ acts: boolean }>('SELECT pg_has_role($1, $2, $3) AS acts', [
        member,
        users.application,
        acting,
      ])
    ).rows[0].acts;
  const settings = await client.query<{ setting: string }>(
    `SELECT unnest(s.setconfig) AS setting FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole
     WHERE r.rolname = $1 AND s.setdatabase = 0`,
    [users.clone],
  );
  const startsAs = settings.rows.map((row) => row.setting).find((setting) => setting.startsWith('role='));
  const owner = await client.query<{ owner: string }>(
    'SELECT pg_get_userbyid(datdba) AS owner FROM pg_database WHERE datname = current_database()',
  );
  const objects = await client.query<PostgresObject>(MASTER_OBJECTS, [users.master]);
  return {
    roles,
    masterActsAsApplication: await actsAsApplication(users.master),
    cloneActsAsApplication: await actsAsApplication(users.clone),
    cloneStartsAs: startsAs?.slice('role='.length),
    databaseOwner: owner.rows[0].owner,
    masterObjects: objects.rows,
  };
}
