import { DATABASE_PASSWORD_LENGTH } from '../../../model/lambda-contracts';
import { SecretsManagerServer, secretsManagerEnv } from '../../support/secrets-manager-server';
import { DATABASE_ROTATION_ENTRY, useBundledHandler } from '../support/bundle-hook';
import { invokeHandler } from '../support/invoke-hook';

// The rotation function as Lambda runs it: bundled with the SDK left out, driven by Secrets Manager's events with the
// real Secrets Manager client against a local endpoint (AWS_ENDPOINT_URL_SECRETS_MANAGER). The steps that log in to a
// database are tested on real servers in test/core/database-rotation.

const TOKEN = '7f3c9a2e-5b1d-4e8f-a6c0-d2b4e9f1a3c5';
const VALUE = {
  username: 'application',
  password: 'application-password-1',
  host: 'shop-prod.c0ffee.eu-west-1.rds.amazonaws.com',
  port: 5433,
  dbname: 'shop',
  engine: 'postgres',
};

type Handler = (event: unknown) => Promise<unknown>;
const bundled = useBundledHandler<Handler>(DATABASE_ROTATION_ENTRY);
let server: SecretsManagerServer;

beforeEach(async () => {
  server = await SecretsManagerServer.start();
});
afterEach(async () => server.stop());

async function invoke(event: unknown) {
  return invokeHandler(bundled.handler(), event, secretsManagerEnv(server.url));
}

const step = (secretId: string, Step: string) => ({ SecretId: secretId, ClientRequestToken: TOKEN, Step });

test('createSecret makes the pending version with a new password, and logs what it did without it', async () => {
  const arn = server.seed({ name: 'shop-prod-app', value: VALUE, versionId: 'v1' });
  server.startRotation(arn, TOKEN);

  const run = await invoke({ ...step(arn, 'createSecret'), RotationToken: 'ignored' });

  const pending = server.valueAt(arn, 'AWSPENDING');
  expect(pending).toEqual({ ...VALUE, password: expect.any(String) });
  expect(String(pending?.password)).toHaveLength(DATABASE_PASSWORD_LENGTH);
  expect(server.stages(arn)).toEqual({ v1: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] });
  const outcome = `version ${TOKEN} made for application with a new password (single user)`;
  expect(run.resolved).toEqual({ secretId: arn, token: TOKEN, step: 'createSecret', outcome });
  expect(run.logs).toEqual([expect.objectContaining({ level: 'INFO', message: 'rotation step done', outcome })]);
  expect(JSON.stringify(run.logs)).not.toContain(String(pending?.password));
});

test('finishSecret makes the pending version current; the same event again does nothing', async () => {
  const arn = server.seed({ name: 'shop-prod-app', value: VALUE, versionId: 'v1' });
  server.startRotation(arn, TOKEN);
  await invoke(step(arn, 'createSecret'));

  await invoke(step(arn, 'finishSecret'));
  const again = await invoke(step(arn, 'finishSecret'));

  expect(server.stages(arn)).toEqual({ v1: ['AWSPREVIOUS'], [TOKEN]: ['AWSCURRENT', 'AWSPENDING'] });
  expect(again.resolved).toMatchObject({ outcome: `version ${TOKEN} is already AWSCURRENT: nothing to do` });
  expect(server.callsOf('UpdateSecretVersionStage')).toHaveLength(1);
});

test('a secret whose rotation is off is refused in one line, logged as an error, and left as it was', async () => {
  const arn = server.seed({ name: 'shop-prod-app', value: VALUE, versionId: 'v1', rotationEnabled: false });
  server.startRotation(arn, TOKEN);

  const run = await invoke(step(arn, 'createSecret'));

  expect(run.rejected).toBe(
    `secret ${arn} is not enabled for rotation (RotationEnabled: false): not rotating; turn on its rotation schedule, which invokes this function`,
  );
  expect(run.logs).toEqual([
    expect.objectContaining({ level: 'ERROR', message: 'rotation step failed', error: run.rejected }),
  ]);
  expect(server.calls.map((c) => c.operation)).toEqual(['DescribeSecret']);
});
