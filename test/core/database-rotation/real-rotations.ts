import { applicationUsers, unknownPassword } from '../../../core/database/application-users';
import type { MasterLogin } from '../../../core/database/database-connection';
import type { UserPasswords } from '../../../core/database/application-users';
import { databaseConnector } from '../../../core/database-rotation/connect-database';
import { rotateDatabaseSecret } from '../../../core/database-rotation/rotate-secret';
import { MASTER } from '../database/support/rds-like';
import { putPending } from '../../../core/database-rotation/secret-versions';
import type { TestCa } from '../../support/test-ca';
import { rotateFully, TOKEN, useSecretsManager } from './harness';

/** A real database server (test/support/postgres-server.ts, mariadb-server.ts). */
export interface RealDatabase {
  readonly host: string;
  readonly port: number;
  /** The CA that signed its certificate. */
  readonly ca: TestCa;
  stop(): Promise<void>;
}

export interface RealEngine<D extends RealDatabase> {
  /** The engine the secrets name, as RDS writes it. */
  readonly engine: 'postgres' | 'mysql';
  /** Started and set up as RDS sets one up (test/core/database/support/rds-like.ts), with `databases`. */
  start(databases: readonly string[]): Promise<D>;
  /** A session as `user` in `database` (TLS, verified against the test CA); rejects when the login is refused. */
  login(db: D, database: string, user: string, password: string): Promise<{ end(): Promise<void> }>;
  /** Makes the application user and its clone in `database` as the database-users function does. */
  makeUsers(
    login: MasterLogin,
    database: string,
    users: ReturnType<typeof applicationUsers>,
    passwords: UserPasswords,
  ): Promise<unknown>;
}

/**
 * Whole rotations against a real server over verified TLS, judged by what the server accepts afterwards, not by what
 * the function says it did. The tests run in order on one server: the master's own rotation comes last, as it changes
 * the password every other test logs in with.
 */
export function realRotationTests<D extends RealDatabase>(engine: RealEngine<D>): void {
  const sm = useSecretsManager();
  let db: D;

  beforeAll(async () => {
    db = await engine.start(['app1', 'app2', 'app3']);
  }, 60_000);
  afterAll(async () => db?.stop());

  /** Whether `user` logs in to `database` with `password`. */
  const logsIn = async (database: string, user: string, password: unknown): Promise<boolean> => {
    try {
      await (await engine.login(db, database, user, String(password))).end();
      return true;
    } catch {
      return false;
    }
  };
  const deps = () => ({ secrets: sm.client(), connect: databaseConnector({ ca: db.ca.pem }) });
  const masterValue = (dbname: string) => ({ ...MASTER, host: db.host, port: db.port, dbname, engine: engine.engine });
  const masterSecret = (dbname: string) => sm.server().seed({ name: `${dbname}-master`, value: masterValue(dbname) });

  /** The application secret (alternating users), its users made as the database-users function makes them. */
  async function applicationSecret(dbname: string) {
    const master = masterSecret(dbname);
    const value = { ...masterValue(dbname), username: 'application', password: 'application-Pw-1', masterarn: master };
    const login = { host: db.host, port: db.port, user: MASTER.username, password: MASTER.password, ca: db.ca.pem };
    const users = applicationUsers(MASTER, value);
    await engine.makeUsers(login, dbname, users, {
      current: value.password,
      setCurrent: true,
      other: unknownPassword(),
    });
    return { arn: sm.server().seed({ name: `${dbname}-application`, value }), value };
  }

  test('alternating users: the clone takes over, the previous user keeps working until its next turn, and back', async () => {
    const app = await applicationSecret('app1');

    await rotateFully(deps(), sm.server(), app.arn, 'rotation-1');
    const first = sm.server().valueAt(app.arn, 'AWSCURRENT');
    expect(first).toEqual({ ...app.value, username: 'application_clone', password: expect.any(String) });
    expect(await logsIn('app1', 'application_clone', first?.password)).toBe(true);
    expect(await logsIn('app1', 'application', app.value.password)).toBe(true);

    await rotateFully(deps(), sm.server(), app.arn, 'rotation-2');
    const second = sm.server().valueAt(app.arn, 'AWSCURRENT');
    expect(second?.username).toBe('application');
    expect(second?.password).not.toBe(app.value.password);
    expect(await logsIn('app1', 'application', second?.password)).toBe(true);
    expect(await logsIn('app1', 'application', app.value.password)).toBe(false);
    expect(await logsIn('app1', 'application_clone', first?.password)).toBe(true);
    expect(await logsIn('app1', MASTER.username, MASTER.password)).toBe(true);
  });

  test('retried steps change nothing: createSecret twice keeps one version, setSecret twice sets it once', async () => {
    const app = await applicationSecret('app2');
    sm.server().startRotation(app.arn, TOKEN);
    const step = (Step: string) => rotateDatabaseSecret(deps(), { SecretId: app.arn, ClientRequestToken: TOKEN, Step });

    await step('createSecret');
    const pending = sm.server().valueAt(app.arn, 'AWSPENDING');
    await expect(step('createSecret')).resolves.toMatchObject({ outcome: expect.stringMatching(/nothing to create$/) });
    await step('setSecret');
    await expect(step('setSecret')).resolves.toMatchObject({
      outcome: 'the pending password of application_clone already logs in: nothing to set',
    });
    await step('testSecret');
    await step('finishSecret');

    expect(sm.server().callsOf('PutSecretValue')).toHaveLength(1);
    expect(sm.server().valueAt(app.arn, 'AWSCURRENT')).toEqual(pending);
    expect(await logsIn('app2', 'application_clone', pending?.password)).toBe(true);
  });

  test('testSecret fails, and nothing becomes current, when the password was not set', async () => {
    const arn = masterSecret('app3');
    sm.server().startRotation(arn, TOKEN);
    const step = (Step: string) => rotateDatabaseSecret(deps(), { SecretId: arn, ClientRequestToken: TOKEN, Step });
    await step('createSecret');

    const failure = step('testSecret');

    await expect(failure).rejects.toThrow(
      `the pending version ${TOKEN} of secret ${arn} does not log in as ${MASTER.username}@${db.host}:${db.port}`,
    );
    await expect(failure).rejects.toThrow(/: not finishing the rotation; setSecret has not set its password/);
    expect(sm.server().valueAt(arn, 'AWSCURRENT')).toEqual(masterValue('app3'));
  });

  test("a password with quotes, backslashes and non-ASCII letters is set as it is (the literals' escaping)", async () => {
    const app = await applicationSecret('app1');
    const password = `it's a \\'quoted\\" pässword; --`;
    const event = { secretId: app.arn, token: TOKEN, step: 'setSecret' as const };
    sm.server().startRotation(app.arn, TOKEN);
    // Generated passwords leave these characters out: this version is made by hand.
    await putPending(sm.client(), event, { ...app.value, username: 'application_clone', password });
    const step = (Step: string) => rotateDatabaseSecret(deps(), { SecretId: app.arn, ClientRequestToken: TOKEN, Step });

    await step('setSecret');
    await step('testSecret');

    expect(await logsIn('app1', 'application_clone', password)).toBe(true);
  });

  test('a server whose certificate no trusted CA signed is not logged in to', async () => {
    const arn = masterSecret('app3');
    sm.server().startRotation(arn, TOKEN);
    const untrusting = { secrets: sm.client(), connect: databaseConnector() };
    const step = (Step: string) => rotateDatabaseSecret(untrusting, { SecretId: arn, ClientRequestToken: TOKEN, Step });
    await step('createSecret');

    await expect(step('setSecret')).rejects.toThrow(/logs in with no version of secret .*certificate/);
    expect(await logsIn('app3', MASTER.username, MASTER.password)).toBe(true);
  });

  test('single user: the master changes its own password, and only the new one logs in', async () => {
    const arn = masterSecret('app3');

    await rotateFully(deps(), sm.server(), arn, TOKEN);

    const current = sm.server().valueAt(arn, 'AWSCURRENT');
    expect(current).toEqual({ ...masterValue('app3'), password: expect.any(String) });
    expect(current?.password).not.toBe(MASTER.password);
    expect(await logsIn('app3', MASTER.username, current?.password)).toBe(true);
    expect(await logsIn('app3', MASTER.username, MASTER.password)).toBe(false);
  });
}
