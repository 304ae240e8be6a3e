import {
  makeCurrent,
  newPassword,
  putPending,
  readSecret,
  rotationState,
  secretValue,
} from '../../../core/database-rotation/secret-versions';
import { DATABASE_PASSWORD_EXCLUDED_CHARACTERS, DATABASE_PASSWORD_LENGTH } from '../../../model/lambda-contracts';
import { masterValue, TOKEN, useSecretsManager } from './harness';

const sm = useSecretsManager();

function seeded(rotationEnabled = true) {
  const arn = sm.server().seed({ name: 'shop-prod-master', value: masterValue(), versionId: 'v1', rotationEnabled });
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
    await putPending(sm.client(), event, masterValue());
    sm.server().startRotation(event.secretId, 'next-token');
    await putPending(sm.client(), { ...event, token: 'next-token' }, masterValue());
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
  test('the empty version RotateSecret made has no value yet; after putPending it has', async () => {
    const event = seeded();
    sm.server().startRotation(event.secretId, TOKEN);

    await expect(secretValue(sm.client(), event.secretId, 'AWSPENDING', TOKEN)).resolves.toBeUndefined();
    await putPending(sm.client(), event, { ...masterValue(), password: 'next' });
    await expect(readSecret(sm.client(), event.secretId, 'AWSPENDING', TOKEN)).resolves.toMatchObject({
      password: 'next',
    });
    expect(sm.server().stages(event.secretId)).toEqual({ v1: ['AWSCURRENT'], [TOKEN]: ['AWSPENDING'] });
  });

  test('a stage with no value is refused in one line naming the secret and the version', async () => {
    const event = seeded();
    sm.server().startRotation(event.secretId, TOKEN);

    await expect(readSecret(sm.client(), event.secretId, 'AWSPENDING', TOKEN)).rejects.toThrow(
      `secret ${event.secretId} has no value at version ${TOKEN} (AWSPENDING): not rotating; createSecret makes it, run the rotation again`,
    );
  });

  test('a new password has the tool length and none of its excluded characters', async () => {
    seeded();
    const passwords = await Promise.all([1, 2, 3].map(() => newPassword(sm.client())));

    for (const password of passwords) {
      expect(password).toHaveLength(DATABASE_PASSWORD_LENGTH);
      expect([...password].filter((c) => DATABASE_PASSWORD_EXCLUDED_CHARACTERS.includes(c))).toEqual([]);
    }
    expect(new Set(passwords).size).toBe(3);
    expect(sm.server().callsOf('GetRandomPassword')[0]).toEqual({
      PasswordLength: DATABASE_PASSWORD_LENGTH,
      ExcludeCharacters: DATABASE_PASSWORD_EXCLUDED_CHARACTERS,
    });
  });
});

describe('makeCurrent', () => {
  test('moves AWSCURRENT from the current version, which becomes AWSPREVIOUS', async () => {
    const event = seeded();
    sm.server().startRotation(event.secretId, TOKEN);
    await putPending(sm.client(), event, masterValue());

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
