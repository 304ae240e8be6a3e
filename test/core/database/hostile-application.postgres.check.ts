import { APP_SECRET, resourceEvent } from './support/database-users-harness';
import { POSTGRES_RESOURCE, usePostgresUsers } from './support/postgres-users-file';
import { asPostgresMaster, asPostgresUser, MASTER } from './support/rds-like';

// What the application user (the services' code, which a commit changes) can do to the master's next run on a real
// PostgreSQL 15 server set up as RDS sets one up: it owns the application's database, so it may create objects in
// its schemas and set what every session there starts with (ALTER DATABASE ... SET). None of it may run code as the
// master, or turn the master's work into the application's. And what a commit can point the resource at.

const { props: PROPS, physicalId: PHYSICAL_ID } = POSTGRES_RESOURCE;
const APP_PASSWORD = 'app-Pw-0123456789abcdefghij';

/** A function body's start that, run by anyone but the application user (the master), makes the application an administrator. */
const ESCALATE = `
  IF current_user <> 'application' AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'backdoor') THEN
    EXECUTE 'GRANT rds_superuser TO application';
    EXECUTE 'CREATE ROLE backdoor LOGIN PASSWORD ''known'' IN ROLE rds_superuser';
  END IF;`;

const db = usePostgresUsers(['app'], APP_PASSWORD, async () => {
  await db.run(resourceEvent.create(PROPS));
  // The superuser's session in `app`, kept for the file, starts now: started after a test's ALTER DATABASE ... SET,
  // it would run with that setting.
  await db.server.query('app', 'SELECT 1');
});

afterEach(async () => {
  // As the superuser, from another database: a setting left in `app` would steer this session too.
  // And what an escalation left, so each test shows its own.
  await db.server.query(
    'postgres',
    'ALTER DATABASE app RESET ALL; REVOKE rds_superuser FROM application; DROP ROLE IF EXISTS backdoor',
  );
  await asApplication(
    'DROP FUNCTION IF EXISTS public.pg_has_role(text, text, text); DROP SCHEMA IF EXISTS evil CASCADE',
  );
});

const asApplication = (sql: string) =>
  asPostgresUser(db.server, 'app', { user: 'application', password: APP_PASSWORD }, sql);

/** Whether the application user escalated: it holds rds_superuser, or made a login that does. */
async function escalated(): Promise<unknown> {
  const [row] = await db.server.query(
    'postgres',
    `SELECT pg_has_role('application', 'rds_superuser', 'MEMBER') AS member,
            EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'backdoor') AS backdoor`,
  );
  return row;
}

/** The owner of `app`'s table `name`. */
async function ownerOf(name: string): Promise<string> {
  const [row] = await db.server.query<{ owner: string }>(
    'app',
    `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = $1`,
    [name],
  );
  return row.owner;
}

test('a public.pg_has_role(text, text, text) the application plants is never what the master calls', async () => {
  // Untyped arguments prefer text: an unqualified pg_has_role($1, $2, $3) would call this one, as the master.
  await asApplication(`
    CREATE FUNCTION public.pg_has_role(text, text, text) RETURNS boolean LANGUAGE plpgsql AS $$
    BEGIN ${ESCALATE}
      RETURN pg_catalog.pg_has_role($1::name, $2::name, $3);
    END $$`);

  await db.run(resourceEvent.update(PROPS, PROPS, PHYSICAL_ID));

  expect(await escalated()).toEqual({ member: false, backdoor: false });
});

test("a search_path set on the database, ahead of pg_catalog, does not make the master read the application's pg_roles", async () => {
  // The master's migration first: the setting would steer this session too.
  await asPostgresMaster(db.server, 'app', 'CREATE TABLE made_by_master_1 (id int)');
  await asApplication(`
    CREATE SCHEMA evil;
    CREATE FUNCTION evil.escalate() RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN ${ESCALATE} RETURN true; END $$;
    CREATE VIEW evil.pg_roles AS SELECT * FROM pg_catalog.pg_roles WHERE evil.escalate();
    ALTER DATABASE app SET search_path = evil, pg_catalog`);

  const outcome = await db.run(resourceEvent.update(PROPS, PROPS, PHYSICAL_ID));

  expect(outcome.changes).toEqual(['gave table public.made_by_master_1 to application']);
  expect(await escalated()).toEqual({ member: false, backdoor: false });
});

test.each([
  ['role = application', 'made_by_master_2'],
  ['default_transaction_read_only = on', 'made_by_master_3'],
])(
  "ALTER DATABASE app SET %s does not make the master's sessions the application's, or read-only",
  async (setting, table) => {
    // The master's migration first: the setting would steer this session too.
    await asPostgresMaster(db.server, 'app', `CREATE TABLE ${table} (id int)`);
    await asApplication(`ALTER DATABASE app SET ${setting}`);

    const outcome = await db.run(resourceEvent.update(PROPS, PROPS, PHYSICAL_ID));

    expect(outcome.changes).toEqual([`gave table public.${table} to application`]);
    expect(await ownerOf(table)).toBe('application');
  },
);

test('an application secret naming rds_superuser_clone is refused: no such login is made, nothing is granted', async () => {
  const steered = db.secrets.seed({
    name: 'made-by-a-commit',
    value: { ...db.secrets.valueAt(APP_SECRET, 'AWSCURRENT'), username: 'rds_superuser_clone', password: 'Known-1' },
  });

  await expect(
    db.run(resourceEvent.update({ ...PROPS, applicationSecretArn: steered }, PROPS, PHYSICAL_ID)),
  ).rejects.toThrow(
    /^the application secret's username "rds_superuser_clone" is neither application nor application_clone/,
  );
  expect(await db.server.query('postgres', `SELECT rolname FROM pg_roles WHERE rolname LIKE 'rds_superuser%'`)).toEqual(
    [{ rolname: 'rds_superuser' }],
  );
});

test.each(['postgres', 'template1', 'rdsadmin'])(
  'DatabaseName %s is refused even when the master secret names no database (RDS manages it)',
  async (databaseName) => {
    const rdsManaged = db.secrets.seed({ name: 'rds-managed-master', value: MASTER });
    const owners = () => db.server.query('postgres', 'SELECT datname, datdba FROM pg_database ORDER BY 1');
    const before = await owners();

    await expect(
      db.run(resourceEvent.update({ ...PROPS, databaseName, masterSecretArn: rdsManaged }, PROPS, PHYSICAL_ID)),
    ).rejects.toThrow(`the custom resource's DatabaseName "${databaseName}" is a system database`);
    expect(await owners()).toEqual(before);
  },
);
