import { rotationEvent } from '../../../core/secret-rotation/rotation-event';

test('reads the secret, the token and the step, ignoring the fields newer events add', () => {
  expect(
    rotationEvent({ SecretId: 'arn:s', ClientRequestToken: 't-1', Step: 'setSecret', RotationToken: 'r-9' }),
  ).toEqual({ secretId: 'arn:s', token: 't-1', step: 'setSecret' });
});

test.each([
  ['no event', undefined, /^the rotation event has no SecretId \(got null\): not rotating/],
  ['no token', { SecretId: 'arn:s', Step: 'setSecret' }, /^the rotation event has no ClientRequestToken/],
  [
    'an empty step',
    { SecretId: 'arn:s', ClientRequestToken: 't', Step: ' ' },
    /^the rotation event has no Step \(got " "\)/,
  ],
])('refuses %s in one line', (_, event, message) => {
  expect(() => rotationEvent(event)).toThrow(message);
});

test('refuses a step the protocol does not have, naming the secret and the steps', () => {
  expect(() => rotationEvent({ SecretId: 'arn:s', ClientRequestToken: 't', Step: 'create_secret' })).toThrow(
    "the rotation event for secret arn:s names step 'create_secret', not one of createSecret, setSecret, testSecret, finishSecret: not rotating",
  );
});
