import { newPassword, putPending, readSecret } from '../../../core/database-rotation/secret-versions';
import { secretValue } from '../../../core/secret-rotation/secret-versions';
import { DATABASE_PASSWORD_EXCLUDED_CHARACTERS, DATABASE_PASSWORD_LENGTH } from '../../../model/lambda-contracts';
import { masterValue, TOKEN, useSecretsManager } from './harness';

// A database secret's versions: JSON credentials, passwords as the tool makes them. The version logic all rotations
// share: test/core/secret-rotation/secret-versions.test.ts.

const sm = useSecretsManager();

function seeded(rotationEnabled = true) {
  const arn = sm.server().seed({ name: 'shop-prod-master', value: masterValue(), versionId: 'v1', rotationEnabled });
  return { secretId: arn, token: TOKEN, step: 'createSecret' as const };
}

describe('secret values', () => {
  test('the empty version RotateSecret made has no value yet; after putPending it has, as JSON', async () => {
    const event = seeded();
    sm.server().startRotation(event.secretId, TOKEN);

    await expect(secretValue(sm.client(), event.secretId, 'AWSPENDING', TOKEN)).resolves.toBeUndefined();
    await putPending(sm.client(), event, { ...masterValue(), password: 'next' });
    await expect(secretValue(sm.client(), event.secretId, 'AWSPENDING', TOKEN)).resolves.toBe(
      JSON.stringify({ ...masterValue(), password: 'next' }),
    );
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
