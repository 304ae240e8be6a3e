import {
  makeCurrent,
  putPendingValue,
  randomPassword,
  rotationState,
  secretValue,
} from '../../../core/secret-rotation/secret-versions';
import { useSecretsManager } from './local-secrets-manager';

// The version logic every rotation shares, with the real Secrets Manager client against the local Secrets Manager
// (test/support/secrets-manager-server.ts). A value here is any string: what it means is each rotation's own.

const sm = useSecretsManager();
const TOKEN = 'c2a5e3f1-0d4b-4c6e-9a7f-2b8d1e0f3a41';

function seeded(rotationEnabled = true) {
  const arn = sm.server().seed({ name: 'shop-prod-token', value: 'value-1', versionId: 'v1', rotationEnabled });
  return { secretId: arn, token: TOKEN, step: 'createSecret' as const };
}

describe('rotationState', () => {
  test('a version RotateSecret labelled AWSPENDING is the rotation to do', async () => {
    const event = seeded();
    sm.server().startRotation(event.secretId, TOKEN);

    await expect(rotationState(sm.client(), event)).resolves.toBe('pending');
  });

  test('a version already AWSCURRENT is a finished rotation', async () => {
    const event = { ...seeded(), token: 'v1' };

    await expect(rotationState(sm.client(), event)).resolves.toBe('current');
  });

  test.each([
    ['turned off', false, 'false'],
    ['never configured', undefined, 'not set'],
  ])('refuses a secret whose rotation is %s, naming it', async (_, enabled, shown) => {
    const event = seeded();
    sm.server().startRotation(event.secretId, TOKEN);
    sm.server().setRotationEnabled(event.secretId, enabled);

    await expect(rotationState(sm.client(), event)).rejects.toThrow(
      `secret ${event.secretId} is not enabled for rotation (RotationEnabled: ${shown}): not rotating; turn on its rotation schedule, which invokes this function`,
    );
  });

  test('refuses a token that is not a version of the secret, listing its versions', async () => {
    const event = seeded();

    await expect(rotationState(sm.client(), event)).rejects.toThrow(
      `version ${TOKEN} is not a version of secret ${event.secretId} with a staging label (its versions: v1): not rotating;`,
    );
  });

  test('refuses a version that is neither current nor pending (a rotation that was superseded)', async () => {
    const event = seeded();
    sm.server().startRotation(event.secretId, TOKEN);
    await putPendingValue(sm.client(), event, 'value-2');
    sm.server().startRotation(event.secretId, 'next-token');
    await putPendingValue(sm.client(), { ...event, token: 'next-token' }, 'value-3');
    await makeCurrent(sm.client(), { ...event, token: 'next-token' });
    // v1 is now AWSPREVIOUS; TOKEN lost AWSPENDING to next-token and with it its last label.
    await expect(rotationState(sm.client(), { ...event, token: 'v1' })).rejects.toThrow(
      `version v1 of secret ${event.secretId} is labelled AWSPREVIOUS, not AWSPENDING: not rotating;`,
    );
    await expect(rotationState(sm.client(), event)).rejects.toThrow(
      /is not a version of secret .* with a staging label/,
    );
  });
});

describe('secret values', () => {
  test('the empty version RotateSecret made has no value yet; after putPendingValue it has, as given', async () => {
    const event = seeded();
    sm.server().startRotation(event.secretId, TOKEN);

    await expect(secretValue(sm.client(), event.secretId, 'AWSPENDING', TOKEN)).resolves.toBeUndefined();
    await putPendingValue(sm.client(), event, 'raw token, not JSON');
    await expect(secretValue(sm.client(), event.secretId, 'AWSPENDING', TOKEN)).resolves.toBe('raw token, not JSON');
    expect(sm.server().callsOf('PutSecretValue')).toEqual([
      {
        SecretId: event.secretId,
        ClientRequestToken: TOKEN,
        SecretString: 'raw token, not JSON',
        VersionStages: ['AWSPENDING'],
      },
    ]);
    expect(sm.server().stages(event.secretId)).toEqual({ v1: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] });
  });

  test('a stage the named version does not have is no value', async () => {
    const event = seeded();

    await expect(secretValue(sm.client(), event.secretId, 'AWSPENDING', 'v1')).resolves.toBeUndefined();
    await expect(secretValue(sm.client(), event.secretId, 'AWSCURRENT', 'v1')).resolves.toBe('value-1');
  });

  test('a password is made as the request says', async () => {
    seeded();

    const password = await randomPassword(sm.client(), { PasswordLength: 40, ExcludePunctuation: true });

    expect(password).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(sm.server().callsOf('GetRandomPassword')).toEqual([{ PasswordLength: 40, ExcludePunctuation: true }]);
  });
});

describe('makeCurrent', () => {
  test('moves AWSCURRENT from the current version, which becomes AWSPREVIOUS', async () => {
    const event = seeded();
    sm.server().startRotation(event.secretId, TOKEN);
    await putPendingValue(sm.client(), event, 'value-2');

    await expect(makeCurrent(sm.client(), event)).resolves.toBe(true);

    expect(sm.server().callsOf('UpdateSecretVersionStage')).toEqual([
      { SecretId: event.secretId, VersionStage: 'AWSCURRENT', MoveToVersionId: TOKEN, RemoveFromVersionId: 'v1' },
    ]);
    expect(sm.server().stages(event.secretId)).toEqual({ v1: ['AWSPREVIOUS'], [TOKEN]: ['AWSCURRENT', 'AWSPENDING'] });
  });

  test('does nothing when the version is current already', async () => {
    const event = { ...seeded(), token: 'v1' };

    await expect(makeCurrent(sm.client(), event)).resolves.toBe(false);
    expect(sm.server().callsOf('UpdateSecretVersionStage')).toEqual([]);
  });
});
