/**
 * createSecret and testSecret, as AWS's RDS rotation functions do them; setSecret is set-secret.ts, finishSecret
 * core/secret-rotation/rotation-step.ts.
 * Each is safe to run again: Secrets Manager retries a failed step with the same token.
 */
import { applicationUsers } from '../database/application-users';
import { readDatabaseSecret } from '../database/database-secrets';
import { describeLogin, inSession } from './database-session';
import { rotationStrategy } from './rotated-credentials';
import type { RotationDependencies } from './rotate-secret';
import type { RotationEvent } from '../secret-rotation/rotation-event';
import { CURRENT, PENDING, secretValue } from '../secret-rotation/secret-versions';
import { newPassword, putPending, readSecret } from './secret-versions';

/** The pending version: the current value with a new password and, for alternating users, the other user. */
export async function createSecret(deps: RotationDependencies, event: RotationEvent): Promise<string> {
  const current = await readSecret(deps.secrets, event.secretId, CURRENT);
  if ((await secretValue(deps.secrets, event.secretId, PENDING, event.token)) !== undefined) {
    return `version ${event.token} already holds the pending value: nothing to create`;
  }
  const strategy = rotationStrategy(current);
  const username =
    current.masterarn === undefined
      ? current.username
      : applicationUsers(await readDatabaseSecret(deps.secrets, current.masterarn, 'master'), current).other;
  await putPending(deps.secrets, event, { ...current.fields, username, password: await newPassword(deps.secrets) });
  return `version ${event.token} made for ${username} with a new password (${strategy})`;
}

/** The pending version logs in and runs a statement. */
export async function testSecret(deps: RotationDependencies, event: RotationEvent): Promise<string> {
  const pending = await readSecret(deps.secrets, event.secretId, PENDING, event.token);
  try {
    await inSession(deps.connect, pending, (session) => session.query('SELECT 1'));
  } catch (error) {
    throw new Error(
      `the pending version ${event.token} of secret ${event.secretId} does not log in as ${describeLogin(pending)} (${(error as Error).message}): not finishing the rotation; setSecret has not set its password, run the rotation again`,
    );
  }
  return `the pending password of ${pending.username} logs in`;
}
