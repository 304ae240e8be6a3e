import type { RowDataPacket } from 'mysql2/promise';
import { putPending } from '../../../core/database-rotation/secret-versions';
import { startMariadb, type MariadbServer } from '../../support/mariadb-server';
import { SecretsManagerServer } from '../../support/secrets-manager-server';
import {
  APP_SECRET,
  databaseUsersRun,
  MASTER_SECRET,
  resourceEvent,
  seedSecrets,
  type DatabaseUsersRun,
  type ResourceProperties,
} from './support/database-users-harness';
import { MASTER, rdsLikeMariadb } from './support/rds-like';
import {
  expectDeleteChangesNothing,
  expectUntrustedServersRefused,
  expectUpdateKeepsRotatedPassword,
  replacedApplicationSecret,
} from './support/shared-checks';

// The database-users run for the 'mysql' family on a real MariaDB 10.11 server, which stands in for RDS MySQL and
// Aurora MySQL here (no MySQL server is packaged for this machine): the function only says what both accept
// (CREATE USER IF NOT EXISTS ... IDENTIFIED BY, ALTER USER ... IDENTIFIED BY, GRANT ... ON `db`.*). The secrets come
// through the real Secrets Manager client from a local endpoint. The tests run in order on one server, as the
// resource's life does: Create, the services' use, rotation, Updates, Delete.

let server: MariadbServer;
let secrets: SecretsManagerServer;
let run: DatabaseUsersRun;

// `_` is a wildcard in a granted database's name: the grant must not reach `appxdb`.
const PROPS: ResourceProperties = {
  family: 'mysql',
  databaseName: 'app_db',
  masterSecretArn: MASTER_SECRET,
  applicationSecretArn: APP_SECRET,
};
const PHYSICAL_ID = 'mysql:app_db:application';
const APP_PASSWORD = "app-'Pw'\\0123456789abcdef";

beforeAll(async () => {
  [server, secrets] = await Promise.all([startMariadb(), SecretsManagerServer.start()]);
  run = databaseUsersRun(secrets, server.ca);
  await rdsLikeMariadb(server, ['app_db', 'appxdb', 'other']);
  await server.query('CREATE TABLE app_db.orders (id int PRIMARY KEY)');
  await server.query('CREATE TABLE appxdb.secrets (id int)');
  await server.query('CREATE TABLE other.ledger (id int)');
  // A server default the function must not trip on: it would keep the backslash of APP_PASSWORD's escaping.
  await server.query(`SET GLOBAL sql_mode = 'NO_BACKSLASH_ESCAPES'`);
  seedSecrets(secrets, { engine: 'mysql', port: String(server.port), dbname: 'app_db' }, APP_PASSWORD);
}, 60_000);

afterAll(async () => {
  await Promise.all([server?.stop(), secrets?.stop()]);
});

/** The accounts, their password hashes and grants: everything a run could change. */
async function snapshot(): Promise<unknown> {
  const users = await server.query<RowDataPacket & { User: string; Host: string }>(
    'SELECT User, Host, authentication_string FROM mysql.user ORDER BY User, Host',
  );
  const grants: Record<string, unknown> = {};
  for (const { User, Host } of users.filter((user) => user.Host === '%')) {
    grants[User] = await server.query(`SHOW GRANTS FOR '${User}'@'${Host}'`);
  }
  return { users, grants };
}

async function grantsOf(user: string): Promise<string[]> {
  return (await server.query(`SHOW GRANTS FOR '${user}'@'%'`)).map((row) => String(Object.values(row)[0]));
}

const engineFile = () => ({ run, secrets, server, snapshot, props: PROPS, physicalId: PHYSICAL_ID });

test('a server whose certificate no trusted CA signed, or that names another host, is refused before anything changes', () =>
  expectUntrustedServersRefused(
    engineFile(),
    'could not connect to MySQL at localhost:\\d+ as dbadmin',
    'self-signed certificate in certificate chain',
  ));

test('Create makes the application user and its clone with every privilege on the application database only', async () => {
  const outcome = await run(resourceEvent.create(PROPS));

  expect(outcome.response).toEqual({
    PhysicalResourceId: PHYSICAL_ID,
    Data: { ApplicationUser: 'application', CloneUser: 'application_clone' },
  });
  for (const user of ['application', 'application_clone']) {
    const grants = await grantsOf(user);
    expect(grants).toHaveLength(2);
    expect(grants[0]).toMatch(
      new RegExp(`^GRANT USAGE ON \\*\\.\\* TO \`${user}\`@\`%\` IDENTIFIED BY PASSWORD '\\*[0-9A-F]{40}'$`),
    );
    expect(grants[1]).toBe(`GRANT ALL PRIVILEGES ON \`app\\_db\`.* TO \`${user}\`@\`%\``);
  }
});

test('the application user logs in over TLS and runs migrations in its database, but makes no users or databases and reads no other database', async () => {
  const app = await server.connect({ user: 'application', password: APP_PASSWORD, database: 'app_db' });
  try {
    await app.query('CREATE TABLE payments (id int)');
    await app.query('ALTER TABLE payments ADD COLUMN amount decimal(10, 2)');
    await app.query('ALTER TABLE orders ADD COLUMN paid boolean');
    await app.query('DROP TABLE payments');
    expect((await app.query<RowDataPacket[]>(`SHOW STATUS LIKE 'Ssl_cipher'`))[0][0].Value).not.toBe('');
    await expect(app.query(`CREATE USER 'intruder'@'%'`)).rejects.toThrow(/Access denied/);
    await expect(app.query('CREATE DATABASE elsewhere')).rejects.toThrow(/Access denied/);
    await expect(app.query('SELECT * FROM other.ledger')).rejects.toThrow(/SELECT command denied/);
    await expect(app.query('SELECT * FROM appxdb.secrets')).rejects.toThrow(/SELECT command denied/);
    await expect(app.query(`GRANT SELECT ON app_db.* TO 'application_clone'@'%'`)).rejects.toThrow(/Access denied/);
  } finally {
    await app.end();
  }
});

test('the clone, once rotation has set its password, works in the application database as the application user does', async () => {
  await server.query(`ALTER USER 'application_clone'@'%' IDENTIFIED BY 'clone-Pw-rotated-0123456789'`);

  const clone = await server.connect({
    user: 'application_clone',
    password: 'clone-Pw-rotated-0123456789',
    database: 'app_db',
  });
  try {
    await clone.query('CREATE TABLE made_by_clone (id int)');
    await clone.query('DROP TABLE made_by_clone');
  } finally {
    await clone.end();
  }
});

test('an Update with the same secrets changes nothing, and the password rotation gave the application user still works', () =>
  expectUpdateKeepsRotatedPassword(
    engineFile(),
    (password) => server.query(`ALTER USER 'application'@'%' IDENTIFIED BY '${password}'`).then(() => undefined),
    async (password) => (await server.connect({ user: 'application', password })).end(),
  ));

test('an Update to a replaced application secret sets the password of the user it names, and only that one', async () => {
  const replaced = replacedApplicationSecret(engineFile(), 'application_clone', "new-'Pw'\\0123456789");
  const hashes = () =>
    server.query(`SELECT User, authentication_string FROM mysql.user WHERE User LIKE 'application%' ORDER BY User`);
  const [applicationBefore] = await hashes();

  const outcome = await run(resourceEvent.update({ ...PROPS, applicationSecretArn: replaced }, PROPS, PHYSICAL_ID));

  expect(outcome.changes).toEqual(["set the password of application_clone to the application secret's"]);
  await (await server.connect({ user: 'application_clone', password: "new-'Pw'\\0123456789" })).end();
  expect((await hashes())[0]).toEqual(applicationBefore);
});

test('Delete changes nothing in the database and reads no secret', () => expectDeleteChangesNothing(engineFile()));

/** A master secret as RDS manages it: the credentials alone, no dbname (the endpoint comes from the application's). */
function rdsManagedMaster(): string {
  return secrets.seed({ name: 'rds-managed-master', value: MASTER });
}

test('a database that does not exist is refused, naming it, and no user is made', async () => {
  const before = await snapshot();
  const masterSecretArn = rdsManagedMaster();

  await expect(run(resourceEvent.create({ ...PROPS, masterSecretArn, databaseName: 'missing' }))).rejects.toThrow(
    /^database missing does not exist at localhost: DatabaseName must name the database the instance or cluster was created with$/,
  );
  expect(await snapshot()).toEqual(before);
});

test("a DatabaseName other than the master secret's dbname is refused before any login", async () => {
  const before = await snapshot();

  await expect(run(resourceEvent.create({ ...PROPS, databaseName: 'other' }))).rejects.toThrow(
    `the custom resource's DatabaseName "other" is not the master secret's dbname "app_db": DatabaseName must name the database the instance or cluster was created with`,
  );
  expect(await snapshot()).toEqual(before);
});

test.each(['mysql', 'MySQL', 'sys', 'performance_schema', 'rdsadmin'])(
  'DatabaseName %s, a system database, is refused even when the master secret names none: no grant reaches it',
  async (databaseName) => {
    const before = await snapshot();
    const masterSecretArn = rdsManagedMaster();

    await expect(run(resourceEvent.create({ ...PROPS, masterSecretArn, databaseName }))).rejects.toThrow(
      `the custom resource's DatabaseName "${databaseName}" is a system database (mysql, sys, information_schema, performance_schema or a name starting with rds): name the application's own database, the one the instance or cluster was created with`,
    );
    expect(await snapshot()).toEqual(before);
  },
);

test('an application secret naming another user than application or application_clone is refused: no user is made', async () => {
  const before = await snapshot();
  const other = secrets.seed({
    name: 'made-by-a-commit',
    value: { ...secrets.valueAt(APP_SECRET, 'AWSCURRENT'), username: 'pwn', password: 'Known-by-the-attacker-1' },
  });

  await expect(run(resourceEvent.create({ ...PROPS, applicationSecretArn: other }))).rejects.toThrow(
    /^the application secret's username "pwn" is neither application nor application_clone/,
  );
  expect(await snapshot()).toEqual(before);
});

test("the master secret's rotation between setSecret and finishSecret: the run logs in with AWSPENDING's password", async () => {
  const rotated = 'master-Pw-rotated-0123456789';
  secrets.startRotation(MASTER_SECRET, 'rotation-1');
  const event = { secretId: MASTER_SECRET, token: 'rotation-1', step: 'setSecret' as const };
  await putPending(secrets.client(), event, { ...secrets.valueAt(MASTER_SECRET, 'AWSCURRENT'), password: rotated });
  await server.query(`ALTER USER '${MASTER.username}'@'%' IDENTIFIED BY '${rotated}'`);
  try {
    const outcome = await run(resourceEvent.update(PROPS, PROPS, PHYSICAL_ID));

    // Logged in, found everything in place.
    expect(outcome.changes).toEqual([]);
  } finally {
    await server.query(`ALTER USER '${MASTER.username}'@'%' IDENTIFIED BY '${MASTER.password}'`);
  }
});
