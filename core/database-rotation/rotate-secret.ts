/**
 * One step of the rotation of an RDS or Aurora database secret (lambdas/database-rotation), the tool's own
 * implementation of the protocol AWS's rotation functions follow (Secrets Manager, "Lambda rotation functions"; the
 * strategies: "single user", "alternating users"). The strategy comes from the secret: with `masterarn` the user
 * alternates with its clone, which the database-users function made; without, the user changes its own password.
 */
import type { ConnectDatabase } from './database-session';
import {
  finishSecret,
  runRotationStep,
  type RotationResult,
  type RotationSteps,
} from '../secret-rotation/rotation-step';
import type { SecretsClient } from '../secret-rotation/secret-versions';
import { createSecret, testSecret } from './rotation-steps';
import { setSecret } from './set-secret';

export type { RotationResult };

/** What the steps act on: Secrets Manager, and the database through the sessions `connect` opens. */
export interface RotationDependencies {
  readonly secrets: SecretsClient;
  readonly connect: ConnectDatabase;
}

const STEPS: RotationSteps<RotationDependencies> = { createSecret, setSecret, testSecret, finishSecret };

export async function rotateDatabaseSecret(deps: RotationDependencies, input: unknown): Promise<RotationResult> {
  return runRotationStep(STEPS, deps, input);
}
