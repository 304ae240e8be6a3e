/**
 * One step of the rotation of an RDS or Aurora database secret (lambdas/database-rotation), the tool's own
 * implementation of the protocol AWS's rotation functions follow (Secrets Manager, "Lambda rotation functions"; the
 * strategies: "single user", "alternating users"). The strategy comes from the secret: with `masterarn` the user
 * alternates with its clone, which the database-users function made; without, the user changes its own password.
 */
import type { ConnectDatabase } from './database-session';
import { rotationEvent, type RotationEvent, type RotationStep } from './rotation-event';
import { createSecret, finishSecret, testSecret } from './rotation-steps';
import { rotationState, type SecretsClient } from './secret-versions';
import { setSecret } from './set-secret';

/** What the steps act on: Secrets Manager, and the database through the sessions `connect` opens. */
export interface RotationDependencies {
  readonly secrets: SecretsClient;
  readonly connect: ConnectDatabase;
}

export interface RotationResult {
  readonly secretId: string;
  readonly token: string;
  readonly step: RotationStep;
  /** What the step did, one line, no secret value. */
  readonly outcome: string;
}

const STEPS: Readonly<Record<RotationStep, (deps: RotationDependencies, event: RotationEvent) => Promise<string>>> = {
  createSecret,
  setSecret,
  testSecret,
  finishSecret,
};

export async function rotateDatabaseSecret(deps: RotationDependencies, input: unknown): Promise<RotationResult> {
  const event = rotationEvent(input);
  const state = await rotationState(deps.secrets, event);
  const outcome =
    state === 'current'
      ? `version ${event.token} is already AWSCURRENT: nothing to do`
      : await STEPS[event.step](deps, event);
  return { ...event, outcome };
}
