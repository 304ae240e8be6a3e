import type { PostgresServer } from '../../support/postgres-server';
import type { SecretsManagerServer } from '../../support/secrets-manager-server';
import { APP_SECRET, resourceEvent, type DatabaseUsersRun } from './support/database-users-harness';
import { POSTGRES_RESOURCE, startPostgresUsers } from './support/postgres-users-file';
import { asPostgresMaster } from './support/rds-like';
import {
  expectDeleteChangesNothing,
  expectUntrustedServersRefused,
  expectUpdateKeepsRotatedPassword,
  replacedApplicationSecret,
} from './support/shared-checks';

// The database-users run on a real PostgreSQL 15 server set up as RDS sets one up (a master user that is no
// superuser), with the secrets read by the real Secrets Manager client from a local endpoint. The tests run in order
// on one server, as the resource's life does: Create, the services' use, rotation, Updates, Delete.

let server: PostgresServer;
let secrets: SecretsManagerServer;
let run: DatabaseUsersRun;

const { props: PROPS, physicalId: PHYSICAL_ID } = POSTGRES_RESOURCE;
const APP_PASSWORD = 'app-Pw-0123456789abcdefghij';

/** What the master owned in `app` before the function ran: what migrations run as the master leave. */
const MASTER_OBJECTS = `
  CREATE SCHEMA billing;
  CREATE TABLE billing.invoices (id serial PRIMARY KEY, total numeric);
  CREATE TABLE orders (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY, placed timestamptz);
  INSERT INTO orders (placed) VALUES (now());
  CREATE SEQUENCE order_numbers;
  CREATE VIEW recent_orders AS SELECT * FROM orders;
  CREATE MATERIALIZED VIEW order_counts AS SELECT count(*) AS n FROM orders;
  CREATE TYPE order_state AS ENUM ('new', 'paid');
  CREATE DOMAIN positive AS int CHECK (VALUE > 0);
  CREATE FUNCTION order_total(id int) RETURNS numeric LANGUAGE sql AS 'SELECT 0::numeric';
  CREATE TABLE "Odd ""Name""" (id int);
  CREATE EXTENSION pgcrypto;`;

beforeAll(async () => {
  ({ server, secrets, run } = await startPostgresUsers(['app', 'other'], APP_PASSWORD));
  await asPostgresMaster(server, 'app', MASTER_OBJECTS);
  await asPostgresMaster(server, 'other', 'CREATE TABLE ledger (id int); INSERT INTO ledger VALUES (1)');
}, 60_000);

afterAll(async () => {
  await Promise.all([server?.stop(), secrets?.stop()]);
});

/** Who owns what in `database`, roles' attributes and password verifiers: everything a run could change. */
async function snapshot(): Promise<unknown> {
  const objects = (database: string) =>
    server.query(
      database,
      `SELECT c.relname, pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') ORDER BY 1`,
    );
  return {
    roles: await server.query(
      'postgres',
      `SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolpassword, setconfig
       FROM pg_authid a LEFT JOIN pg_db_role_setting s ON s.setrole = a.oid WHERE rolname NOT LIKE 'pg\\_%' ORDER BY 1`,
    ),
    members: await server.query(
      'postgres',
      `SELECT pg_get_userbyid(roleid) AS role, pg_get_userbyid(member) AS member FROM pg_auth_members
       WHERE pg_get_userbyid(roleid) NOT LIKE 'pg\\_%' ORDER BY 1, 2`,
    ),
    databases: await server.query(
      'postgres',
      'SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database ORDER BY 1',
    ),
    app: await objects('app'),
    other: await objects('other'),
  };
}

async function login(user: string, password: string, database = 'app') {
  return server.connect(database, { user, password });
}

const engineFile = () => ({ run, secrets, server, snapshot, props: PROPS, physicalId: PHYSICAL_ID });

test('a server whose certificate no trusted CA signed, or that names another host, is refused before anything changes', () =>
  expectUntrustedServersRefused(
    engineFile(),
    'could not connect to PostgreSQL at localhost:\\d+, database postgres, as dbadmin',
    'unable to verify the first certificate',
  ));

test('Create makes the application user and its clone, and gives it the database and what the master owned there', async () => {
  const outcome = await run(resourceEvent.create(PROPS));

  expect(outcome.response).toEqual({
    PhysicalResourceId: PHYSICAL_ID,
    Data: { ApplicationUser: 'application', CloneUser: 'application_clone' },
  });
  expect(
    await server.query(
      'postgres',
      `SELECT rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication FROM pg_roles
       WHERE rolname LIKE 'application%' ORDER BY 1`,
    ),
  ).toEqual(
    ['application', 'application_clone'].map((rolname) => ({
      rolname,
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolcanlogin: true,
      rolreplication: false,
    })),
  );
  const owners = await server.query<{ relname: string; owner: string }>(
    'app',
    `SELECT c.relname, pg_get_userbyid(c.relowner) AS owner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname IN ('public', 'billing') AND c.relkind IN ('r', 'S', 'v', 'm') ORDER BY 1`,
  );
  expect(owners.map((row) => row.relname)).toEqual([
    'Odd "Name"',
    'invoices',
    'invoices_id_seq',
    'order_counts',
    'order_numbers',
    'orders',
    'orders_id_seq',
    'recent_orders',
  ]);
  expect(new Set(owners.map((row) => row.owner))).toEqual(new Set(['application']));
  expect(
    await server.query(
      'app',
      `SELECT (SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'billing') AS schema,
              (SELECT pg_get_userbyid(typowner) FROM pg_type WHERE typname = 'order_state') AS enum,
              (SELECT pg_get_userbyid(typowner) FROM pg_type WHERE typname = 'positive') AS domain,
              (SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'order_total') AS function,
              (SELECT pg_get_userbyid(extowner) FROM pg_extension WHERE extname = 'pgcrypto') AS extension`,
    ),
  ).toEqual([
    {
      schema: 'application',
      enum: 'application',
      domain: 'application',
      function: 'application',
      extension: 'dbadmin',
    },
  ]);
  expect(outcome.kept).toEqual(['extension pgcrypto: PostgreSQL gives an extension no other owner']);
});

test("Create changes nothing outside the application's database: the master's other databases and their tables stay its own", async () => {
  // REASSIGN OWNED BY dbadmin, run in `app`, would also have given it `other` (seen on this server): the run must not.
  expect(
    await server.query('postgres', `SELECT datname, pg_get_userbyid(datdba) AS owner FROM pg_database ORDER BY 1`),
  ).toEqual([
    { datname: 'app', owner: 'application' },
    { datname: 'other', owner: 'dbadmin' },
    { datname: 'postgres', owner: 'postgres' },
    { datname: 'template0', owner: 'postgres' },
    { datname: 'template1', owner: 'postgres' },
  ]);
  expect(
    await server.query('other', `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'ledger'`),
  ).toEqual([{ owner: 'dbadmin' }]);
  expect(
    await server.query('postgres', `SELECT rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = 'dbadmin'`),
  ).toEqual([{ rolcreaterole: true, rolcreatedb: true }]);
});

test('the application user logs in over TLS and runs migrations in its database, but makes no roles or databases and reads no other database', async () => {
  const app = await login('application', APP_PASSWORD);
  try {
    await app.query('CREATE TABLE payments (id int)');
    await app.query('ALTER TABLE payments ADD COLUMN amount numeric');
    await app.query('ALTER TABLE orders ADD COLUMN paid boolean');
    await app.query('DROP TABLE payments');
    await app.query('DROP VIEW recent_orders');
    expect((await app.query('SELECT count(*)::int AS n FROM orders')).rows).toEqual([{ n: 1 }]);
    expect((await app.query('SHOW ssl')).rows).toEqual([{ ssl: 'on' }]);
    await expect(app.query('CREATE ROLE intruder')).rejects.toThrow('permission denied to create role');
    await expect(app.query('CREATE DATABASE elsewhere')).rejects.toThrow('permission denied to create database');
  } finally {
    await app.end();
  }
  const elsewhere = await login('application', APP_PASSWORD, 'other');
  try {
    await expect(elsewhere.query('SELECT * FROM ledger')).rejects.toThrow('permission denied for table ledger');
  } finally {
    await elsewhere.end();
  }
});

test("the clone, once rotation has set its password, acts as the application user: what it creates is the application user's", async () => {
  await asPostgresMaster(server, 'app', `ALTER ROLE application_clone PASSWORD 'clone-Pw-rotated-0123456789'`);

  const clone = await login('application_clone', 'clone-Pw-rotated-0123456789');
  try {
    expect((await clone.query('SELECT session_user, current_user')).rows).toEqual([
      { session_user: 'application_clone', current_user: 'application' },
    ]);
    await clone.query('CREATE TABLE made_by_clone (id int)');
    await clone.query('ALTER TABLE orders ADD COLUMN shipped boolean');
  } finally {
    await clone.end();
  }
  expect(
    await server.query(
      'app',
      `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'made_by_clone'`,
    ),
  ).toEqual([{ owner: 'application' }]);
  const app = await login('application', APP_PASSWORD);
  try {
    await app.query('DROP TABLE made_by_clone');
  } finally {
    await app.end();
  }
});

test('an Update with the same secrets changes nothing, and the password rotation gave the application user still works', () =>
  expectUpdateKeepsRotatedPassword(
    engineFile(),
    (password) => asPostgresMaster(server, 'app', `ALTER ROLE application PASSWORD '${password}'`),
    async (password) => (await login('application', password)).end(),
  ));

test('an Update to a replaced application secret sets the password of the user it names, and only that one', async () => {
  const replaced = replacedApplicationSecret(engineFile(), 'application_clone', "new-'Pw'\\0123456789");
  const roles = () =>
    server.query('postgres', `SELECT rolname, rolpassword FROM pg_authid WHERE rolname LIKE 'application%' ORDER BY 1`);
  const [applicationBefore] = await roles();

  const outcome = await run(resourceEvent.update({ ...PROPS, applicationSecretArn: replaced }, PROPS, PHYSICAL_ID));

  expect(outcome.changes).toEqual(["set the password of application_clone to the application secret's"]);
  expect(outcome.response.PhysicalResourceId).toBe(PHYSICAL_ID);
  await (await login('application_clone', "new-'Pw'\\0123456789")).end();
  const [applicationAfter, clone] = await roles();
  expect(applicationAfter).toEqual(applicationBefore);
  // The password went over the wire as its SCRAM verifier, never as itself.
  expect(clone.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
});

test('a password outside printable ASCII is given as it is, for the server to normalize, and logs in', async () => {
  const unicode = secrets.seed({
    name: 'sample-prod-database-application-3',
    value: { ...secrets.valueAt(APP_SECRET, 'AWSCURRENT'), password: 'pässwörd-"ünïcode"-0123456789' },
  });

  const outcome = await run(resourceEvent.update({ ...PROPS, applicationSecretArn: unicode }, PROPS, PHYSICAL_ID));

  expect(outcome.changes).toEqual(["set the password of application to the application secret's"]);
  await (await login('application', 'pässwörd-"ünïcode"-0123456789')).end();
});

test('Delete changes nothing in the database and reads no secret', () => expectDeleteChangesNothing(engineFile()));
