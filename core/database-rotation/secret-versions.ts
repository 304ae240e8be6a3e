/**
 * The database side of a rotation's secret versions: a version's value read as database credentials, a new password
 * as the tool makes them, and the pending version written as JSON. The versions themselves and their labels:
 * core/secret-rotation/secret-versions.ts.
 */
import { DATABASE_PASSWORD_EXCLUDED_CHARACTERS, DATABASE_PASSWORD_LENGTH } from '../../model/lambda-contracts';
import type { RotationEvent } from '../secret-rotation/rotation-event';
import {
  PENDING,
  putPendingValue,
  randomPassword,
  secretValue,
  type SecretsClient,
} from '../secret-rotation/secret-versions';
import { rotatedCredentials, type RotatedCredentials } from './rotated-credentials';

/** The credentials labelled `stage` (given a token, of that version), which must be there. */
export async function readSecret(
  client: SecretsClient,
  secretId: string,
  stage: string,
  token?: string,
): Promise<RotatedCredentials> {
  const version = token ? `version ${token} (${stage})` : `the ${stage} version`;
  const value = await secretValue(client, secretId, stage, token);
  if (value === undefined) {
    throw new Error(
      `secret ${secretId} has no value at ${version}: not rotating; ${stage === PENDING ? 'createSecret makes it, run the rotation again' : 'the secret must hold its current credentials'}`,
    );
  }
  return rotatedCredentials(value, `${version} of secret ${secretId}`);
}

/** A new password as every database password of the tool is made (model/lambda-contracts.ts). */
export async function newPassword(client: SecretsClient): Promise<string> {
  return randomPassword(client, {
    PasswordLength: DATABASE_PASSWORD_LENGTH,
    ExcludeCharacters: DATABASE_PASSWORD_EXCLUDED_CHARACTERS,
  });
}

/** Stores `fields`, a database secret's value, as JSON in the pending version (secret-rotation's putPendingValue). */
export async function putPending(
  client: SecretsClient,
  event: RotationEvent,
  fields: Readonly<Record<string, unknown>>,
): Promise<void> {
  await putPendingValue(client, event, JSON.stringify(fields));
}
