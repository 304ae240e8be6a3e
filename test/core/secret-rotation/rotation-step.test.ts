import type { RotationEvent } from '../../../core/secret-rotation/rotation-event';
import { finishSecret, runRotationStep, type RotationSteps } from '../../../core/secret-rotation/rotation-step';
import { putPendingValue } from '../../../core/secret-rotation/secret-versions';
import { FakeSecretsManager } from './fake-secrets-manager';

// One invocation, whatever the rotation: the checks before any step, the step the event names, and finishSecret,
// which every rotation shares. Secrets Manager in memory (fake-secrets-manager.ts).

const TOKEN = 'c2a5e3f1-0d4b-4c6e-9a7f-2b8d1e0f3a41';

interface Deps {
  readonly secrets: FakeSecretsManager['client'];
  readonly ran: { step: string; event: RotationEvent }[];
}

/** Steps that only record that they ran. */
const STEPS: RotationSteps<Deps> = {
  createSecret: async (deps, event) => record(deps, 'createSecret', event),
  setSecret: async (deps, event) => record(deps, 'setSecret', event),
  testSecret: async (deps, event) => record(deps, 'testSecret', event),
  finishSecret: async (deps, event) => record(deps, 'finishSecret', event),
};

function record(deps: Deps, step: string, event: RotationEvent): string {
  deps.ran.push({ step, event });
  return `${step} ran`;
}

function rotating() {
  const sm = new FakeSecretsManager();
  const secretId = sm.seed({ name: 'shop-prod-token', value: 'value-1', versionId: 'v1' });
  sm.startRotation(secretId, TOKEN);
  return { sm, secretId, deps: { secrets: sm.client, ran: [] } as Deps };
}

test.each(['createSecret', 'setSecret', 'testSecret', 'finishSecret'])(
  '%s of the pending version runs that step alone, with the event read',
  async (Step) => {
    const { secretId, deps } = rotating();

    const result = await runRotationStep(STEPS, deps, { SecretId: secretId, ClientRequestToken: TOKEN, Step });

    expect(result).toEqual({ secretId, token: TOKEN, step: Step, outcome: `${Step} ran` });
    expect(deps.ran).toEqual([{ step: Step, event: { secretId, token: TOKEN, step: Step } }]);
  },
);

test('a version already AWSCURRENT runs no step: the rotation is over', async () => {
  const { sm, secretId, deps } = rotating();

  const result = await runRotationStep(STEPS, deps, {
    SecretId: secretId,
    ClientRequestToken: 'v1',
    Step: 'setSecret',
  });

  expect(result.outcome).toBe('version v1 is already AWSCURRENT: nothing to do');
  expect(deps.ran).toEqual([]);
  expect(sm.calls.map((c) => c.operation)).toEqual(['DescribeSecret']);
});

test('an event that is not a rotation step is refused before any call', async () => {
  const { sm, deps } = rotating();

  await expect(runRotationStep(STEPS, deps, { Step: 'createSecret' })).rejects.toThrow(
    /^the rotation event has no SecretId/,
  );
  expect(sm.calls).toEqual([]);
  expect(deps.ran).toEqual([]);
});

describe('finishSecret', () => {
  test('makes the pending version current, the old one previous; again, it does nothing', async () => {
    const { sm, secretId, deps } = rotating();
    const event = { secretId, token: TOKEN, step: 'finishSecret' as const };
    await putPendingValue(deps.secrets, event, 'value-2');

    await expect(finishSecret(deps, event)).resolves.toBe(`version ${TOKEN} is now AWSCURRENT`);
    await expect(finishSecret(deps, event)).resolves.toBe(`version ${TOKEN} was already AWSCURRENT: nothing to finish`);

    expect(sm.stages(secretId)).toEqual({ v1: ['AWSPREVIOUS'], [TOKEN]: ['AWSCURRENT', 'AWSPENDING'] });
    expect(sm.textAt(secretId, 'AWSCURRENT')).toBe('value-2');
    expect(sm.callsOf('UpdateSecretVersionStage')).toHaveLength(1);
  });
});
