import { spawn } from 'node:child_process';
import { DATABASE_USERS_ENTRY, useBundledHandler } from '../support/bundle-hook';
import { captureOutput, setEnv } from '../support/invoke-hook';
import { startMariadb, type MariadbServer } from '../../support/mariadb-server';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';
import { secretArn, SecretsManagerServer, secretsManagerEnv } from '../../support/secrets-manager-server';
import { resourceEvent, type ResourceProperties } from '../../core/database/support/database-users-harness';
import { MASTER, rdsLikeMariadb, rdsLikePostgres } from '../../core/database/support/rds-like';

// The database-users function as Lambda runs it: bundled with the SDK left out (pg and mysql2 inside), its Secrets
// Manager client pointed at a local endpoint, connecting to real servers. A Create runs in a process of its own,
// because what it proves is set when a process starts: the handler passes no CA and trusts the servers' only through
// NODE_EXTRA_CA_CERTS, as the function's stack makes the runtime trust the RDS CAs (/var/runtime/ca-cert.pem).

type Handler = (event: unknown) => Promise<unknown>;
const bundled = useBundledHandler<Handler>(DATABASE_USERS_ENTRY);

let postgres: PostgresServer;
let mariadb: MariadbServer;
let secrets: SecretsManagerServer;

const MASTER_SECRET_NAME = { postgres: 'pg-master', mysql: 'my-master' };
const APP_SECRET_NAME = { postgres: 'pg-application', mysql: 'my-application' };
const APP_PASSWORD = 'app-Pw-0123456789abcdefghij';

const props = (family: 'postgres' | 'mysql'): ResourceProperties => ({
  family,
  databaseName: 'app',
  masterSecretArn: secretArn(MASTER_SECRET_NAME[family]),
  applicationSecretArn: secretArn(APP_SECRET_NAME[family]),
});

beforeAll(async () => {
  [postgres, mariadb, secrets] = await Promise.all([startPostgres(), startMariadb(), SecretsManagerServer.start()]);
  await Promise.all([rdsLikePostgres(postgres, ['app']), rdsLikeMariadb(mariadb, ['app'])]);
  for (const [family, port] of [
    ['postgres', postgres.port],
    ['mysql', mariadb.port],
  ] as const) {
    const endpoint = { host: 'localhost', port };
    secrets.seed({ name: MASTER_SECRET_NAME[family], value: { ...MASTER, ...endpoint } });
    secrets.seed({
      name: APP_SECRET_NAME[family],
      value: { username: 'application', password: APP_PASSWORD, ...endpoint },
    });
  }
}, 60_000);

afterAll(async () => {
  await Promise.all([postgres?.stop(), mariadb?.stop(), secrets?.stop()]);
});

/** Runs the bundled handler on `event` in a new Node process trusting `caFile`; what it returned and logged. */
async function invokeInProcess(event: unknown, caFile: string) {
  const script = `
    const { handler } = require(process.argv[1]);
    handler(JSON.parse(process.argv[2])).then(
      (resolved) => console.log('RESULT ' + JSON.stringify({ resolved })),
      (error) => console.log('RESULT ' + JSON.stringify({ rejected: error.message })),
    );`;
  const child = spawn(process.execPath, ['-e', script, bundled.bundle().file, JSON.stringify(event)], {
    env: { PATH: process.env.PATH, ...secretsManagerEnv(secrets.url), NODE_EXTRA_CA_CERTS: caFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  await new Promise((resolve) => child.on('close', resolve));
  const lines = output.split('\n');
  const result = lines.find((line) => line.startsWith('RESULT '));
  if (result === undefined) throw new Error(`the handler's process printed no result:\n${output}`);
  return {
    ...(JSON.parse(result.slice('RESULT '.length)) as { resolved?: unknown; rejected?: string }),
    logs: lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

test.each([
  ['postgres', () => postgres.ca.certFile],
  ['mysql', () => mariadb.ca.certFile],
] as const)(
  'a Create on %s makes the users over TLS the runtime trusts through NODE_EXTRA_CA_CERTS, and logs what it changed',
  async (family, caFile) => {
    const run = await invokeInProcess(resourceEvent.create(props(family)), caFile());

    expect(run).toMatchObject({
      resolved: {
        PhysicalResourceId: `${family}:app:application`,
        Data: { ApplicationUser: 'application', CloneUser: 'application_clone' },
      },
    });
    expect(run.logs).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'database users in place',
        physicalResourceId: `${family}:app:application`,
        changes: expect.arrayContaining([
          `created ${family === 'postgres' ? 'role' : 'user'} application with the application secret's password`,
        ]),
      }),
    ]);
    expect(JSON.stringify(run.logs)).not.toContain(APP_PASSWORD);
    if (family === 'postgres') {
      await (await postgres.connect('app', { user: 'application', password: APP_PASSWORD })).end();
    } else {
      await (await mariadb.connect({ user: 'application', password: APP_PASSWORD, database: 'app' })).end();
    }
  },
);

test("a Create without the servers' CA in the trust store fails in one line, and logs it", async () => {
  const run = await invokeInProcess(resourceEvent.create(props('postgres')), '/dev/null');

  expect(run.rejected).toMatch(
    /^could not connect to PostgreSQL at localhost:\d+, database app, as dbadmin: unable to verify the first certificate$/,
  );
  expect(run.logs).toEqual([
    expect.objectContaining({ level: 'ERROR', message: 'database users not made', error: run.rejected }),
  ]);
});

async function invoke(event: unknown) {
  const restore = setEnv(secretsManagerEnv(secrets.url));
  const output = captureOutput();
  try {
    return await bundled
      .handler()(event)
      .then(
        (resolved) => ({ resolved, rejected: undefined, logs: output.lines() }),
        (error: unknown) => ({ resolved: undefined, rejected: (error as Error).message, logs: output.lines() }),
      );
  } finally {
    output.restore();
    restore();
  }
}

test('a Delete returns the physical id it was given and reads no secret', async () => {
  const reads = secrets.callsOf('GetSecretValue').length;

  const run = await invoke(resourceEvent.delete(props('postgres'), 'postgres:app:application'));

  expect(run.resolved).toEqual({ PhysicalResourceId: 'postgres:app:application' });
  expect(secrets.callsOf('GetSecretValue')).toHaveLength(reads);
});

test('an event with an unknown engine family fails in one line naming the property, and reads no secret', async () => {
  const reads = secrets.callsOf('GetSecretValue').length;

  const run = await invoke(resourceEvent.create({ ...props('postgres'), family: 'oracle' as never }));

  expect(run.rejected).toBe(`the custom resource's EngineFamily must be one of postgres, mysql (got "oracle")`);
  expect(run.logs).toEqual([expect.objectContaining({ level: 'ERROR', error: run.rejected })]);
  expect(secrets.callsOf('GetSecretValue')).toHaveLength(reads);
});
