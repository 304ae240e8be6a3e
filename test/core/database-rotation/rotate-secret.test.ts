import { rotateDatabaseSecret } from '../../../core/database-rotation/rotate-secret';
import { dependencies, FakeDatabase, masterValue, TOKEN, useSecretsManager } from './harness';

// The checks every step makes before it does anything (as AWS's rotation functions make them), through the
// function's entry into core; the steps themselves: rotation-steps.test.ts, set-secret.test.ts.

const sm = useSecretsManager();
const STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

function secret(options: { rotationEnabled?: boolean; rotating?: boolean } = {}) {
  const arn = sm.server().seed({ name: 'shop-prod-master', value: masterValue(), versionId: 'v1', ...options });
  if (options.rotating !== false) sm.server().startRotation(arn, TOKEN);
  return arn;
}

const run = (arn: string, Step: string, database = new FakeDatabase({ dbadmin: masterValue().password })) =>
  rotateDatabaseSecret(dependencies(sm.client(), database), { SecretId: arn, ClientRequestToken: TOKEN, Step });

test.each(STEPS)('%s of a version that is already AWSCURRENT does nothing at all', async (Step) => {
  const arn = secret({ rotating: false });
  const database = new FakeDatabase({ dbadmin: masterValue().password });

  const result = await rotateDatabaseSecret(dependencies(sm.client(), database), {
    SecretId: arn,
    ClientRequestToken: 'v1',
    Step,
  });

  expect(result).toEqual({
    secretId: arn,
    token: 'v1',
    step: Step,
    outcome: 'version v1 is already AWSCURRENT: nothing to do',
  });
  expect(sm.server().calls.map((c) => c.operation)).toEqual(['DescribeSecret']);
  expect(database.logins).toEqual([]);
});

test.each(STEPS)('%s of a secret whose rotation is off is refused before anything is read', async (Step) => {
  const arn = secret({ rotationEnabled: false });

  await expect(run(arn, Step)).rejects.toThrow(`secret ${arn} is not enabled for rotation`);
  expect(sm.server().calls.map((c) => c.operation)).toEqual(['DescribeSecret']);
});

test.each(STEPS)(
  '%s with a token that is not a version of the secret is refused before anything is read',
  async (Step) => {
    const arn = secret({ rotating: false });

    await expect(run(arn, Step)).rejects.toThrow(
      `version ${TOKEN} is not a version of secret ${arn} with a staging label`,
    );
    expect(sm.server().calls.map((c) => c.operation)).toEqual(['DescribeSecret']);
  },
);

test.each(['setSecret', 'testSecret'])(
  '%s before createSecret filled the pending version is refused, and logs in nowhere',
  async (Step) => {
    const arn = secret();
    const database = new FakeDatabase({ dbadmin: masterValue().password });

    await expect(run(arn, Step, database)).rejects.toThrow(
      `secret ${arn} has no value at version ${TOKEN} (AWSPENDING): not rotating; createSecret makes it, run the rotation again`,
    );
    expect(database.logins).toEqual([]);
  },
);

test('a step the protocol does not have is refused before any call', async () => {
  const arn = secret();

  await expect(run(arn, 'rollbackSecret')).rejects.toThrow(
    `the rotation event for secret ${arn} names step 'rollbackSecret'`,
  );
  expect(sm.server().calls).toEqual([]);
});
