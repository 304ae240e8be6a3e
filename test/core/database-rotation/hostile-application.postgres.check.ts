import { applicationUsers, unknownPassword } from '../../../core/database/application-users';
import { ensurePostgresUsers } from '../../../core/database/postgres-users';
import { databaseConnector } from '../../../core/database-rotation/connect-database';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';
import { asPostgresUser, MASTER, rdsLikePostgres } from '../database/support/rds-like';
import { rotateFully, useSecretsManager } from './harness';

// What the application user can do to rotation's master sessions on a real PostgreSQL 15 server set up as RDS sets
// one up: it owns the application's database, the one both secrets name, so it may create objects in its schemas and
// set what every session there starts with (ALTER DATABASE ... SET). Both rotations must go on as before: the
// application secret's, where the master sets the clone's password, and the master secret's own.

let server: PostgresServer;
const sm = useSecretsManager();
const APP_PASSWORD = 'application-Pw-1';

beforeAll(async () => {
  server = await startPostgres();
  await rdsLikePostgres(server, ['app']);
  const login = {
    host: server.host,
    port: server.port,
    user: MASTER.username,
    password: MASTER.password,
    ca: server.ca.pem,
  };
  const users = applicationUsers(MASTER, { username: 'application', password: APP_PASSWORD });
  await ensurePostgresUsers(login, 'app', users, { current: APP_PASSWORD, setCurrent: true, other: unknownPassword() });
}, 60_000);

afterEach(async () => {
  // As the superuser, from another database: a setting left in `app` would steer this session too.
  await server.query(
    'postgres',
    `ALTER DATABASE app RESET ALL;
     ALTER ROLE ${MASTER.username} PASSWORD '${MASTER.password}'; ALTER ROLE application PASSWORD '${APP_PASSWORD}'`,
  );
});

afterAll(async () => server?.stop());

const asApplication = (sql: string) =>
  asPostgresUser(server, 'app', { user: 'application', password: APP_PASSWORD }, sql);

/** The master secret and the application secret, attached to `app` as CDK writes them. */
function rotatedSecrets() {
  const endpoint = { host: server.host, port: server.port, dbname: 'app', engine: 'postgres' };
  const master = sm.server().seed({ name: 'master', value: { ...MASTER, ...endpoint } });
  const application = sm.server().seed({
    name: 'application',
    value: { username: 'application', password: APP_PASSWORD, ...endpoint, masterarn: master },
  });
  return { master, application };
}

/** Both secrets' whole rotations; then each user logs in with its new password. */
async function rotateBoth(): Promise<void> {
  const { master, application } = rotatedSecrets();
  const deps = { secrets: sm.client(), connect: databaseConnector({ ca: server.ca.pem }) };

  await rotateFully(deps, sm.server(), application, 'application-rotation');
  await rotateFully(deps, sm.server(), master, 'master-rotation');

  for (const secret of [application, master]) {
    const { username, password } = sm.server().valueAt(secret, 'AWSCURRENT') as { username: string; password: string };
    await (await server.connect('app', { user: username, password })).end();
  }
}

test("a search_path set on the database, ahead of pg_catalog, does not make the master read the application's pg_roles", async () => {
  await asApplication(`
    CREATE SCHEMA evil;
    CREATE FUNCTION evil.escalate() RETURNS boolean LANGUAGE plpgsql AS $$
    BEGIN
      IF current_user <> 'application' THEN
        EXECUTE 'GRANT rds_superuser TO application';
      END IF;
      RETURN true;
    END $$;
    CREATE VIEW evil.pg_roles AS SELECT * FROM pg_catalog.pg_roles WHERE evil.escalate();
    ALTER DATABASE app SET search_path = evil, pg_catalog`);

  await rotateBoth();

  expect(
    await server.query('postgres', `SELECT pg_has_role('application', 'rds_superuser', 'MEMBER') AS member`),
  ).toEqual([{ member: false }]);
});

test.each(['role = application', 'default_transaction_read_only = on'])(
  "ALTER DATABASE app SET %s does not make rotation's master sessions the application's, or read-only",
  async (setting) => {
    await asApplication(`ALTER DATABASE app SET ${setting}`);

    await rotateBoth();
  },
);
