import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import {
  parseDatabaseSecret,
  readDatabaseSecret,
  readPendingDatabaseSecret,
} from '../../../core/database/database-secrets';
import { secretArn, SecretsManagerServer } from '../../support/secrets-manager-server';

const WHAT = 'the master secret arn:x';

test('reads what RDS and CDK write: username, password, host, and the port as a number or a string', () => {
  const text = JSON.stringify({
    username: 'dbadmin',
    password: 'pw',
    engine: 'postgres',
    host: ' db.example ',
    port: '5433',
    dbname: 'app',
  });

  expect(parseDatabaseSecret(text, WHAT)).toEqual({
    username: 'dbadmin',
    password: 'pw',
    host: 'db.example',
    port: 5433,
    dbname: 'app',
  });
  expect(parseDatabaseSecret(JSON.stringify({ username: 'u', password: 'p', port: 3306 }), WHAT)).toEqual({
    username: 'u',
    password: 'p',
    host: undefined,
    port: 3306,
  });
});

test.each([
  ['no secret string', undefined],
  ['text that is not JSON', 'hunter2'],
  ['no password', JSON.stringify({ username: 'u' })],
  ['a password that is not a string', JSON.stringify({ username: 'u', password: 12345 })],
])("refuses %s without repeating the secret's content", (_, text) => {
  expect(() => parseDatabaseSecret(text, WHAT)).toThrow(
    "the master secret arn:x must hold a JSON object with a string 'username' and 'password' (as RDS and CDK write database secrets): it does not",
  );
});

test('refuses an empty password and a port that is no TCP port', () => {
  expect(() => parseDatabaseSecret(JSON.stringify({ username: 'u', password: '' }), WHAT)).toThrow(
    "the master secret arn:x holds an empty password: set the secret's password",
  );
  expect(() => parseDatabaseSecret(JSON.stringify({ username: 'u', password: 'p', port: 'x' }), WHAT)).toThrow(
    "the master secret arn:x holds a 'port' that is not a TCP port: fix the secret's 'port' or remove it",
  );
});

describe('through the real Secrets Manager client', () => {
  let secrets: SecretsManagerServer;
  beforeAll(async () => {
    secrets = await SecretsManagerServer.start();
  });
  afterAll(() => secrets.stop());

  test('reads the secret by its ARN', async () => {
    secrets.seed({ name: 'app', value: { username: 'application', password: 'pw', host: 'db.example', port: 5432 } });

    const secret = await readDatabaseSecret(secrets.client(), secretArn('app'), 'application');

    expect(secret).toEqual({ username: 'application', password: 'pw', host: 'db.example', port: 5432 });
    expect(secrets.callsOf('GetSecretValue')).toEqual([{ SecretId: secretArn('app') }]);
  });

  test('reads the version a rotation in progress made (AWSPENDING); none before createSecret fills it, or without a rotation', async () => {
    const arn = secrets.seed({ name: 'master', value: { username: 'dbadmin', password: 'current-pw' } });
    const client = secrets.client();

    await expect(readPendingDatabaseSecret(client, arn, 'master')).resolves.toBeUndefined();
    secrets.startRotation(arn, 'rotation-1');
    await expect(readPendingDatabaseSecret(client, arn, 'master')).resolves.toBeUndefined();
    await client.send(
      new PutSecretValueCommand({
        SecretId: arn,
        ClientRequestToken: 'rotation-1',
        SecretString: JSON.stringify({ username: 'dbadmin', password: 'pending-pw' }),
        VersionStages: ['AWSPENDING'],
      }),
    );
    await expect(readPendingDatabaseSecret(client, arn, 'master')).resolves.toMatchObject({ password: 'pending-pw' });
    await expect(readDatabaseSecret(client, arn, 'master')).resolves.toMatchObject({ password: 'current-pw' });
  });

  test('a secret it cannot read is one line naming it and the permissions the role needs', async () => {
    await expect(readDatabaseSecret(secrets.client(), secretArn('gone'), 'master')).rejects.toThrow(
      `could not read the master secret ${secretArn('gone')}: Secrets Manager can't find the specified secret. (the function's role needs secretsmanager:GetSecretValue on it, and kms:Decrypt on its key when a customer managed key encrypts it)`,
    );
  });
});
