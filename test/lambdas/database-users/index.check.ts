import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { RDS_CERTIFICATE_AUTHORITIES } from '../../../core/database/database-connection';
import { DATABASE_USERS_ENTRY, useBundledHandler } from '../support/bundle-hook';
import { invokeHandler } from '../support/invoke-hook';
import { startMariadb, type MariadbServer } from '../../support/mariadb-server';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';
import { secretArn, SecretsManagerServer, secretsManagerEnv } from '../../support/secrets-manager-server';
import { resourceEvent, type ResourceProperties } from '../../core/database/support/database-users-harness';
import { MASTER, rdsLikeMariadb, rdsLikePostgres } from '../../core/database/support/rds-like';

// The database-users function as Lambda runs it: bundled with the SDK left out (pg, mysql2 and the RDS CAs inside),
// its Secrets Manager client pointed at a local endpoint, connecting to real servers. A Create runs in a process of its
// own, because what it proves is set when a process starts: the handler passes no CA and trusts the RDS CAs it
// carries alone, not the runtime's store, which NODE_EXTRA_CA_CERTS adds to. The users it makes on a server the
// test CA signed are tested through the same code with that CA (test/core/database).

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
  [
    'postgres',
    () => postgres.ca.certFile,
    'PostgreSQL at localhost:\\d+, database postgres,',
    'unable to verify the first certificate',
  ],
  ['mysql', () => mariadb.ca.certFile, 'MySQL at localhost:\\d+', 'self-signed certificate in certificate chain'],
] as const)(
  'a Create on %s trusts the RDS CAs alone: a server the test CA signed is refused though NODE_EXTRA_CA_CERTS holds that CA, in one line, logged',
  async (family, caFile, where, refusal) => {
    const run = await invokeInProcess(resourceEvent.create(props(family)), caFile());

    expect(run.rejected).toMatch(new RegExp(`^could not connect to ${where} as dbadmin: ${refusal}$`));
    expect(run.logs).toEqual([
      expect.objectContaining({ level: 'ERROR', message: 'database users not made', error: run.rejected }),
    ]);
  },
);

test('the bundle carries the RDS root CAs, the trust its connections use', () => {
  const bundle = readFileSync(bundled.bundle().file, 'utf8');
  const euWest1 = RDS_CERTIFICATE_AUTHORITIES.find((pem) =>
    new X509Certificate(pem).subject.includes('CN=Amazon RDS eu-west-1 Root CA RSA2048 G1'),
  );

  // A line of the certificate's base64 body, which minifying leaves as it is.
  expect(bundle).toContain(String(euWest1).split('\n')[5]);
});

async function invoke(event: unknown) {
  return invokeHandler(bundled.handler(), event, secretsManagerEnv(secrets.url));
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
