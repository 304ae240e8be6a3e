/**
 * What Secrets Manager invokes a rotation function with (Secrets Manager, "Lambda rotation functions"): one step of
 * one rotation, the rotation's version of the secret named by its ClientRequestToken. Newer events carry more fields
 * (RotationToken, for cross-account rotation by an assumed role); the tool's rotation functions (database-rotation,
 * cache-rotation) rotate their own account's secrets with their own role, so they read only these three.
 */

export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

export interface RotationEvent {
  readonly secretId: string;
  /** The version this rotation makes: its VersionId. */
  readonly token: string;
  readonly step: RotationStep;
}

export function rotationEvent(event: unknown): RotationEvent {
  const fields = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
  const text = (name: string): string => {
    const value = fields[name];
    if (typeof value !== 'string' || value.trim() === '') {
      throw new Error(
        `the rotation event has no ${name} (got ${JSON.stringify(value ?? null)}): not rotating; only Secrets Manager invokes this function, with SecretId, ClientRequestToken and Step`,
      );
    }
    return value;
  };
  const secretId = text('SecretId');
  const token = text('ClientRequestToken');
  const step = text('Step');
  if (!(ROTATION_STEPS as readonly string[]).includes(step)) {
    throw new Error(
      `the rotation event for secret ${secretId} names step '${step}', not one of ${ROTATION_STEPS.join(', ')}: not rotating`,
    );
  }
  return { secretId, token, step: step as RotationStep };
}
