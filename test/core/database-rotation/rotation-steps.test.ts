import { createSecret, testSecret } from '../../../core/database-rotation/rotation-steps';
import { DATABASE_PASSWORD_LENGTH } from '../../../model/lambda-contracts';
import { applicationValue, dependencies, FakeDatabase, masterValue, TOKEN, useSecretsManager } from './harness';

const sm = useSecretsManager();

/** The master secret and, when `application` names a user, the application secret that alternates it. */
function secrets(application?: string) {
  const master = sm.server().seed({ name: 'shop-prod-master', value: masterValue(), versionId: 'm1' });
  const app =
    application === undefined
      ? undefined
      : sm
          .server()
          .seed({ name: 'shop-prod-app', value: applicationValue(master, 'postgres', application), versionId: 'a1' });
  const secretId = app ?? master;
  sm.server().startRotation(secretId, TOKEN);
  return { master, secretId, event: { secretId, token: TOKEN, step: 'createSecret' as const } };
}

describe('createSecret', () => {
  test('single user: the same user with a new password, every other field kept, labelled AWSPENDING only', async () => {
    const { secretId, event } = secrets();

    const outcome = await createSecret(dependencies(sm.client(), new FakeDatabase({})), event);

    const pending = sm.server().valueAt(secretId, 'AWSPENDING');
    expect(pending).toEqual({ ...masterValue(), password: expect.any(String) });
    expect(pending?.password).not.toBe(masterValue().password);
    expect(String(pending?.password)).toHaveLength(DATABASE_PASSWORD_LENGTH);
    expect(sm.server().callsOf('PutSecretValue')).toEqual([
      expect.objectContaining({ SecretId: secretId, ClientRequestToken: TOKEN, VersionStages: ['AWSPENDING'] }),
    ]);
    expect(sm.server().stages(secretId)).toEqual({ m1: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] });
    expect(outcome).toBe(`version ${TOKEN} made for dbadmin with a new password (single user)`);
  });

  test.each([
    ['application', 'application_clone'],
    ['application_clone', 'application'],
  ])('alternating users: the pending version of %s names %s', async (current, next) => {
    const { secretId, master, event } = secrets(current);

    await createSecret(dependencies(sm.client(), new FakeDatabase({})), event);

    expect(sm.server().valueAt(secretId, 'AWSPENDING')).toEqual({
      ...applicationValue(master, 'postgres', next),
      password: expect.any(String),
    });
  });

  test('run again with the same token (a retried step), it keeps the version it made', async () => {
    const { secretId, event } = secrets();
    const deps = dependencies(sm.client(), new FakeDatabase({}));
    await createSecret(deps, event);
    const first = sm.server().valueAt(secretId, 'AWSPENDING');

    await expect(createSecret(deps, event)).resolves.toBe(
      `version ${TOKEN} already holds the pending value: nothing to create`,
    );

    expect(sm.server().valueAt(secretId, 'AWSPENDING')).toEqual(first);
    expect(sm.server().callsOf('PutSecretValue')).toHaveLength(1);
    expect(sm.server().callsOf('GetRandomPassword')).toHaveLength(1);
  });

  test.each(['rds_superuser', 'shop'])(
    'alternating users of %s, not the application user: refused, no pending version made for its "clone"',
    async (username) => {
      const { secretId, event } = secrets(username);

      await expect(createSecret(dependencies(sm.client(), new FakeDatabase({})), event)).rejects.toThrow(
        `the application secret's username "${username}" is neither application nor application_clone, the only users the database functions make and rotate`,
      );
      expect(sm.server().valueAt(secretId, 'AWSPENDING')).toBeUndefined();
    },
  );

  test('alternating users whose master secret cannot be read: refused, naming the master secret', async () => {
    const arn = sm.server().seed({ name: 'shop-prod-app', value: applicationValue('arn:missing-master') });
    sm.server().startRotation(arn, TOKEN);

    await expect(
      createSecret(dependencies(sm.client(), new FakeDatabase({})), {
        secretId: arn,
        token: TOKEN,
        step: 'createSecret',
      }),
    ).rejects.toThrow(/^could not read the master secret arn:missing-master: .*secretsmanager:GetSecretValue on it/);
    expect(sm.server().callsOf('PutSecretValue')).toEqual([]);
  });
});

describe('testSecret', () => {
  test('logs in with the pending version, runs SELECT 1 and closes the session', async () => {
    const { secretId, event } = secrets();
    const database = new FakeDatabase({});
    await createSecret(dependencies(sm.client(), database), event);
    database.users.set('dbadmin', String(sm.server().valueAt(secretId, 'AWSPENDING')?.password));

    await expect(testSecret(dependencies(sm.client(), database), event)).resolves.toBe(
      'the pending password of dbadmin logs in',
    );
    expect(database.sql).toEqual(['dbadmin: SELECT 1']);
    expect(database.open).toBe(0);
  });

  test('fails in one line when the pending password does not log in', async () => {
    const { secretId, event } = secrets();
    const database = new FakeDatabase({ dbadmin: masterValue().password });
    await createSecret(dependencies(sm.client(), database), event);

    await expect(testSecret(dependencies(sm.client(), database), event)).rejects.toThrow(
      `the pending version ${TOKEN} of secret ${secretId} does not log in as dbadmin@${masterValue().host}:5433/shop (password authentication failed for user "dbadmin"): not finishing the rotation; setSecret has not set its password, run the rotation again`,
    );
  });
});
