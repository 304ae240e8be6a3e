/**
 * The Secrets Manager side of a rotation, whatever the secret holds: which version the event names, the values of the
 * versions a step reads, the pending version createSecret writes and the label finishSecret moves (Secrets Manager,
 * "Lambda rotation functions"). What a value means is the rotation's own (core/database-rotation: a JSON login;
 * core/cache-rotation: a raw token).
 */
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  UpdateSecretVersionStageCommand,
  type GetRandomPasswordRequest,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { RotationEvent } from './rotation-event';

export type SecretsClient = Pick<SecretsManagerClient, 'send'>;

export const CURRENT = 'AWSCURRENT';
export const PENDING = 'AWSPENDING';
export const PREVIOUS = 'AWSPREVIOUS';

/**
 * Whether the step has anything to do, checked as AWS's rotation functions check it: rotation must be on, and the
 * token a version of the secret labelled AWSPENDING; a version already AWSCURRENT is a rotation that has finished.
 */
export async function rotationState(client: SecretsClient, event: RotationEvent): Promise<'current' | 'pending'> {
  const { secretId, token } = event;
  const described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  // Secrets Manager reports RotationEnabled true for every secret it rotates; a direct invocation for any other is refused.
  if (described.RotationEnabled !== true) {
    throw new Error(
      `secret ${secretId} is not enabled for rotation (RotationEnabled: ${String(described.RotationEnabled ?? 'not set')}): not rotating; turn on its rotation schedule, which invokes this function`,
    );
  }
  const versions = described.VersionIdsToStages ?? {};
  const stages = versions[token];
  if (stages === undefined) {
    throw new Error(
      `version ${token} is not a version of secret ${secretId} with a staging label (its versions: ${Object.keys(versions).join(', ') || 'none'}): not rotating; start a rotation with RotateSecret, which makes the version`,
    );
  }
  if (stages.includes(CURRENT)) return 'current';
  if (!stages.includes(PENDING)) {
    throw new Error(
      `version ${token} of secret ${secretId} is labelled ${stages.join(', ') || 'nothing'}, not AWSPENDING: not rotating; it is not the rotation in progress, start a new one with RotateSecret`,
    );
  }
  return 'pending';
}

/** The value labelled `stage` (given a token, only when that version has it); undefined when there is none. */
export async function secretValue(
  client: SecretsClient,
  secretId: string,
  stage: string,
  token?: string,
): Promise<string | undefined> {
  try {
    const found = await client.send(
      new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage, ...(token ? { VersionId: token } : {}) }),
    );
    return found.SecretString;
  } catch (error) {
    // Also the answer for the empty version RotateSecret labels AWSPENDING before createSecret fills it.
    if ((error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

/** A new password from GetRandomPassword, made as `request` says (each rotation has its own rules). */
export async function randomPassword(client: SecretsClient, request: GetRandomPasswordRequest): Promise<string> {
  const generated = await client.send(new GetRandomPasswordCommand(request));
  if (!generated.RandomPassword) throw new Error('Secrets Manager returned no password from GetRandomPassword');
  return generated.RandomPassword;
}

/**
 * Stores `secretString` as version `token`, labelled AWSPENDING only: nothing reads it as current until finishSecret.
 * The same value again (a retried createSecret) is accepted; Secrets Manager refuses another value for the version.
 */
export async function putPendingValue(
  client: SecretsClient,
  { secretId, token }: RotationEvent,
  secretString: string,
): Promise<void> {
  await client.send(
    new PutSecretValueCommand({
      SecretId: secretId,
      ClientRequestToken: token,
      SecretString: secretString,
      VersionStages: [PENDING],
    }),
  );
}

/**
 * Moves AWSCURRENT to version `token` (Secrets Manager then labels the version it left AWSPREVIOUS); false when it is
 * there already.
 */
export async function makeCurrent(client: SecretsClient, { secretId, token }: RotationEvent): Promise<boolean> {
  const described = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
  const current = Object.entries(described.VersionIdsToStages ?? {}).find(([, stages]) =>
    stages.includes(CURRENT),
  )?.[0];
  if (current === token) return false;
  await client.send(
    new UpdateSecretVersionStageCommand({
      SecretId: secretId,
      VersionStage: CURRENT,
      MoveToVersionId: token,
      ...(current ? { RemoveFromVersionId: current } : {}),
    }),
  );
  return true;
}
