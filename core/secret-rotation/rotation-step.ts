/**
 * One invocation of a rotation function: the event read, the checks every step makes before it does anything (as
 * AWS's rotation functions make them, secret-versions.ts `rotationState`), then the step itself. The steps are the
 * rotation's own (core/database-rotation, core/cache-rotation) but finishSecret, which is the same for every secret;
 * a version already AWSCURRENT runs none of them.
 */
import { rotationEvent, type RotationEvent, type RotationStep } from './rotation-event';
import { makeCurrent, rotationState, type SecretsClient } from './secret-versions';

export interface RotationResult {
  readonly secretId: string;
  readonly token: string;
  readonly step: RotationStep;
  /** What the step did, one line, no secret value. */
  readonly outcome: string;
}

/** What each step does with `deps`, returning its outcome line. */
export type RotationSteps<D> = Readonly<Record<RotationStep, (deps: D, event: RotationEvent) => Promise<string>>>;

export async function runRotationStep<D extends { readonly secrets: SecretsClient }>(
  steps: RotationSteps<D>,
  deps: D,
  input: unknown,
): Promise<RotationResult> {
  const event = rotationEvent(input);
  const state = await rotationState(deps.secrets, event);
  const outcome =
    state === 'current'
      ? `version ${event.token} is already AWSCURRENT: nothing to do`
      : await steps[event.step](deps, event);
  return { ...event, outcome };
}

/** finishSecret: AWSCURRENT moves to the pending version; the version it leaves becomes AWSPREVIOUS. */
export async function finishSecret(deps: { readonly secrets: SecretsClient }, event: RotationEvent): Promise<string> {
  return (await makeCurrent(deps.secrets, event))
    ? `version ${event.token} is now AWSCURRENT`
    : `version ${event.token} was already AWSCURRENT: nothing to finish`;
}
