import { putPending } from '../../../core/database-rotation/secret-versions';
import { makeCurrent } from '../../../core/secret-rotation/secret-versions';
import { setSecret } from '../../../core/database-rotation/set-secret';
import { applicationValue, dependencies, FakeDatabase, HOST, masterValue, TOKEN, useSecretsManager } from './harness';
import { secretArn } from '../../support/secrets-manager-store';

const sm = useSecretsManager();
const NEXT = 'next-password-2';

/** A secret holding `current`, mid-rotation to `pending` (as createSecret leaves it). */
async function rotating(current: Record<string, unknown>, pending: Record<string, unknown>, name = 'rotated') {
  const secretId = sm.server().seed({ name, value: current, versionId: 'v1' });
  const event = { secretId, token: TOKEN, step: 'setSecret' as const };
  sm.server().startRotation(secretId, TOKEN);
  await putPending(sm.client(), event, pending);
  return event;
}

describe('single user', () => {
  test('the user logs in with its current password and changes its own', async () => {
    const event = await rotating(masterValue(), { ...masterValue(), password: NEXT });
    const database = new FakeDatabase({ dbadmin: masterValue().password });

    await expect(setSecret(dependencies(sm.client(), database), event)).resolves.toBe(
      'dbadmin changed its own password to the pending one',
    );
    expect(database.sql).toEqual([`dbadmin: ALTER ROLE "dbadmin" WITH PASSWORD '…'`]);
    expect(database.statements[0].sql).toMatch(/PASSWORD 'SCRAM-SHA-256\$4096:/);
    // From the postgres database, not the secret's `shop`, which the application user may own.
    expect(database.statements[0].db).toBe('postgres');
    expect(database.open).toBe(0);
  });

  test('on MySQL it changes the password of the account it logged in as', async () => {
    const event = await rotating(masterValue('mysql'), { ...masterValue('mysql'), password: NEXT });
    const database = new FakeDatabase({ dbadmin: masterValue().password });

    await setSecret(dependencies(sm.client(), database), event);

    expect(database.statements.map((s) => s.sql)).toEqual([
      'SELECT CURRENT_USER() AS account',
      `ALTER USER 'dbadmin'@'%' IDENTIFIED BY '${NEXT}'`,
    ]);
  });

  test('a server that refuses the change: one line naming who tried, the session closed', async () => {
    const event = await rotating(masterValue(), { ...masterValue(), password: NEXT });
    const database = new FakeDatabase({ dbadmin: masterValue().password });
    database.refusing = 'ALTER ROLE';

    await expect(setSecret(dependencies(sm.client(), database), event)).rejects.toThrow(
      `the database refused dbadmin changing its own password (permission denied): not rotating secret ${event.secretId}; the pending version stays pending, rotate again once the user may change it`,
    );
    expect(database.open).toBe(0);
  });

  test('a pending password that already logs in (a retried step) is left as it is', async () => {
    const event = await rotating(masterValue(), { ...masterValue(), password: NEXT });
    const database = new FakeDatabase({ dbadmin: NEXT });

    await expect(setSecret(dependencies(sm.client(), database), event)).resolves.toBe(
      'the pending password of dbadmin already logs in: nothing to set',
    );
    expect(database.statements).toEqual([]);
    expect(database.open).toBe(0);
  });

  test('when the current password fails, it logs in with the previous one', async () => {
    const secretId = sm.server().seed({ name: 'rotated', value: masterValue(), versionId: 'v1' });
    const second = { secretId, token: 'v2', step: 'finishSecret' as const };
    sm.server().startRotation(secretId, 'v2');
    await putPending(sm.client(), second, { ...masterValue(), password: 'never-set' });
    await makeCurrent(sm.client(), second);
    const event = { secretId, token: TOKEN, step: 'setSecret' as const };
    sm.server().startRotation(secretId, TOKEN);
    await putPending(sm.client(), event, { ...masterValue(), password: NEXT });
    const database = new FakeDatabase({ dbadmin: masterValue().password });

    await setSecret(dependencies(sm.client(), database), event);

    expect(database.sql).toEqual([`dbadmin: ALTER ROLE "dbadmin" WITH PASSWORD '…'`]);
  });

  test('with no version that logs in, it fails in one line naming what each login said', async () => {
    const event = await rotating(masterValue(), { ...masterValue(), password: NEXT });
    const database = new FakeDatabase({ dbadmin: 'changed-by-hand' });

    await expect(setSecret(dependencies(sm.client(), database), event)).rejects.toThrow(
      `dbadmin@${HOST}:5433/shop logs in with no version of secret ${event.secretId} (AWSCURRENT: password authentication failed for user "dbadmin"): not rotating; set the user's password in the database to the AWSCURRENT one`,
    );
    expect(database.statements).toEqual([]);
  });

  test('a pending version for another user is refused before any login with the current one', async () => {
    const event = await rotating(masterValue(), { ...masterValue(), username: 'someone_else', password: NEXT });
    const database = new FakeDatabase({ dbadmin: masterValue().password });

    await expect(setSecret(dependencies(sm.client(), database), event)).rejects.toThrow(
      `the pending version of secret ${event.secretId} is for someone_else@${HOST}:5433/shop, its AWSCURRENT version for dbadmin@${HOST}:5433/shop: not rotating;`,
    );
    expect(database.logins).toEqual([]);
  });
});

describe('alternating users', () => {
  async function alternating(pendingUser = 'application_clone', masterHost = HOST) {
    const master = sm.server().seed({ name: 'master', value: { ...masterValue(), host: masterHost } });
    const current = applicationValue(master);
    return rotating(current, { ...current, username: pendingUser, password: NEXT }, 'application');
  }
  const USERS = { dbadmin: masterValue().password, application: applicationValue('').password, application_clone: 'x' };

  test("the current user must log in; then the master sets the clone's password", async () => {
    const event = await alternating();
    const database = new FakeDatabase(USERS);

    await expect(setSecret(dependencies(sm.client(), database), event)).resolves.toBe(
      "the master user set application_clone's password to the pending one",
    );
    expect(database.logins).toEqual(['application', 'dbadmin']);
    expect(database.sql).toEqual([
      `dbadmin: SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'application_clone'`,
      `dbadmin: ALTER ROLE "application_clone" WITH PASSWORD '…'`,
    ]);
    expect(database.statements.map((statement) => statement.db)).toEqual(['postgres', 'postgres']);
    expect(database.open).toBe(0);
  });

  test("while the master's own rotation has set its new password but not made it current, the pending one logs in", async () => {
    const event = await alternating();
    const masterId = secretArn('master');
    const midRotation = 'master-password-2';
    await putPending(
      sm.client(),
      { secretId: masterId, token: 'master-rotation', step: 'setSecret' },
      {
        ...masterValue(),
        password: midRotation,
      },
    );
    const database = new FakeDatabase({ ...USERS, dbadmin: midRotation });

    await expect(setSecret(dependencies(sm.client(), database), event)).resolves.toBe(
      "the master user set application_clone's password to the pending one",
    );
    expect(database.logins).toEqual(['application', 'dbadmin']);
  });

  test('on MySQL the master changes the clone account at any host', async () => {
    const master = sm.server().seed({ name: 'master', value: masterValue('mysql') });
    const current = applicationValue(master, 'mysql');
    const event = await rotating(current, { ...current, username: 'application_clone', password: NEXT }, 'app');
    const database = new FakeDatabase(USERS);

    await setSecret(dependencies(sm.client(), database), event);

    expect(database.statements.map((s) => s.sql)).toEqual([
      `SELECT 1 FROM mysql.user WHERE User = 'application_clone' AND Host = '%'`,
      `ALTER USER 'application_clone'@'%' IDENTIFIED BY '${NEXT}'`,
    ]);
  });

  test('a clone that does not exist: one line saying to deploy the stack that makes the users', async () => {
    const event = await alternating();
    const database = new FakeDatabase({ dbadmin: USERS.dbadmin, application: USERS.application });

    await expect(setSecret(dependencies(sm.client(), database), event)).rejects.toThrow(
      `user application_clone does not exist on ${HOST}: not rotating secret ${event.secretId}; deploy the environment stack, whose database-users function makes application and application_clone, then rotate again`,
    );
    expect(database.sql).toEqual([`dbadmin: SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = 'application_clone'`]);
    expect(database.open).toBe(0);
  });

  test("a master the server does not let change the clone: one line, the master's session closed", async () => {
    const event = await alternating();
    const database = new FakeDatabase(USERS);
    database.refusing = 'ALTER ROLE';

    await expect(setSecret(dependencies(sm.client(), database), event)).rejects.toThrow(
      /^the database refused the master user setting application_clone's password \(permission denied\): not rotating secret /,
    );
    expect(database.open).toBe(0);
  });

  test('current credentials that do not log in: refused before the master logs in', async () => {
    const event = await alternating();
    const database = new FakeDatabase({ ...USERS, application: 'changed-by-hand' });

    await expect(setSecret(dependencies(sm.client(), database), event)).rejects.toThrow(
      `the AWSCURRENT version of secret ${event.secretId} does not log in as application@${HOST}:5433/shop (password authentication failed for user "application"): not rotating;`,
    );
    expect(database.logins).toEqual([]);
  });

  test('a master secret of another database: refused before the master logs in', async () => {
    const event = await alternating('application_clone', 'other.c0ffee.eu-west-1.rds.amazonaws.com');
    const database = new FakeDatabase(USERS);

    await expect(setSecret(dependencies(sm.client(), database), event)).rejects.toThrow(
      /^master secret arn:.*:secret:master-AbCdEf is for other\.c0ffee\.eu-west-1\.rds\.amazonaws\.com:5433, secret .* for shop-prod\.c0ffee\.eu-west-1\.rds\.amazonaws\.com:5433: not rotating/,
    );
    expect(database.logins).toEqual(['application']);
  });

  test("a current version of another user than the application's, its pending one that user's clone: refused before any login", async () => {
    const master = sm.server().seed({ name: 'master', value: masterValue() });
    const current = applicationValue(master, 'postgres', 'rds_superuser');
    const event = await rotating(current, { ...current, username: 'rds_superuser_clone', password: NEXT }, 'app');
    const database = new FakeDatabase({ ...USERS, rds_superuser: current.password });

    await expect(setSecret(dependencies(sm.client(), database), event)).rejects.toThrow(
      /^the application secret's username "rds_superuser" is neither application nor application_clone/,
    );
    expect(database.logins).toEqual([]);
  });

  test('a pending version for a user that is not the clone is refused', async () => {
    const event = await alternating('dbadmin');
    const database = new FakeDatabase(USERS);

    await expect(setSecret(dependencies(sm.client(), database), event)).rejects.toThrow(
      `the pending version of secret ${event.secretId} names user dbadmin, not application_clone (who alternates with the current application): not rotating;`,
    );
    expect(database.logins).toEqual([]);
  });
});
