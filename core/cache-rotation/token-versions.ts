/**
 * The token's versions in Secrets Manager. The secret's value is the raw token, not JSON: the ECS services read the
 * whole string as CACHE_AUTH_TOKEN, so every version keeps that form.
 */
import { CACHE_TOKEN_LENGTH } from '../../model/lambda-contracts';
import { PENDING, randomPassword, secretValue, type SecretsClient } from '../secret-rotation/secret-versions';

/** What ElastiCache takes as a password (ElastiCache, "Authenticating with the Valkey and Redis OSS AUTH command"). */
const MIN_LENGTH = 16;
const MAX_LENGTH = 128;

/** The token labelled `stage` (given a version id, of that version), which must be there and be a password. */
export async function readToken(
  client: SecretsClient,
  secretId: string,
  stage: string,
  versionId?: string,
): Promise<string> {
  const version = versionId ? `version ${versionId} (${stage})` : `the ${stage} version`;
  const value = await secretValue(client, secretId, stage, versionId);
  if (value === undefined || value === '') {
    throw new Error(
      `secret ${secretId} has no value at ${version}: not rotating; ${stage === PENDING ? 'createSecret makes it, run the rotation again' : 'the secret must hold the current token'}`,
    );
  }
  if (value.length < MIN_LENGTH || value.length > MAX_LENGTH || /\s/.test(value)) {
    // The value itself stays out of the message: it is a password.
    throw new Error(
      `${version} of secret ${secretId} is not a cache token (${MIN_LENGTH} to ${MAX_LENGTH} characters, no spaces, the whole value): not rotating; put the cache's AUTH token in it as plain text`,
    );
  }
  return value;
}

/** A new token as the tool makes every cache token (model/lambda-contracts.ts): letters and digits only. */
export async function newToken(client: SecretsClient): Promise<string> {
  return randomPassword(client, { PasswordLength: CACHE_TOKEN_LENGTH, ExcludePunctuation: true });
}
