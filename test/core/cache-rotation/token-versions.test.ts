import { readToken } from '../../../core/cache-rotation/token-versions';
import { FakeSecretsManager } from '../secret-rotation/fake-secrets-manager';

// A token version's value: the raw token, which ElastiCache must take as a password (16 to 128 characters).

function secret(value: string) {
  const sm = new FakeSecretsManager();
  return { sm, secretId: sm.seed({ name: 'shop-prod-cache-token', value, versionId: 'v1' }) };
}

test.each([16, 64, 128])('a token of %i characters is read as it is', async (length) => {
  const { sm, secretId } = secret('x'.repeat(length));

  await expect(readToken(sm.client, secretId, 'AWSCURRENT')).resolves.toBe('x'.repeat(length));
});

test.each([
  ['too short', 'x'.repeat(15)],
  ['too long', 'x'.repeat(129)],
  ['with a newline', `${'x'.repeat(20)}\n`],
])('a value %s is not a token: refused without the value', async (_, value) => {
  const { sm, secretId } = secret(value);

  await expect(readToken(sm.client, secretId, 'AWSCURRENT')).rejects.toThrow(
    `the AWSCURRENT version of secret ${secretId} is not a cache token (16 to 128 characters, no spaces, the whole value): not rotating; put the cache's AUTH token in it as plain text`,
  );
});

test('a version with no value is refused, naming the version', async () => {
  const { sm, secretId } = secret('x'.repeat(20));
  sm.startRotation(secretId, 'next');

  await expect(readToken(sm.client, secretId, 'AWSPENDING', 'next')).rejects.toThrow(
    `secret ${secretId} has no value at version next (AWSPENDING): not rotating; createSecret makes it, run the rotation again`,
  );
});
