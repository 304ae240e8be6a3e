import { explainAwsError, type AwsCall } from '../../core/aws-errors';

const named = (name: string, message: string, code?: string): Error =>
  Object.assign(new Error(message), { name, ...(code === undefined ? {} : { code }) });

const CALL: AwsCall = {
  service: 'Example Service',
  operation: 'DescribeThing',
  where: 'thing T (account 111111111111, eu-west-1)',
  account: '111111111111',
  region: 'eu-west-1',
  accessDenied: ['AccessDeniedException'],
};

/** A call whose service words its own `ThingNotFoundException`. */
const WITH_OWN: AwsCall = {
  ...CALL,
  ownErrors: ({ name, message }) => (name === 'ThingNotFoundException' ? `no thing T (${message})` : undefined),
};

describe('explainAwsError', () => {
  test('missing credentials, by the error name or by the message of older providers, name where and the account', () => {
    for (const error of [
      named('CredentialsProviderError', 'Could not load credentials from any providers'),
      new Error('Could not load credentials from any providers'),
    ]) {
      const text = explainAwsError(error, CALL);
      expect(text).toMatch(/^no AWS credentials found for thing T \(account 111111111111, eu-west-1\): /);
      expect(text).toMatch(/Sign in with a role in account 111111111111 .* and run again$/);
    }
  });

  test("the service's own errors are answered as it words them, and anything it does not know goes on down", () => {
    expect(explainAwsError(named('ThingNotFoundException', 'gone'), WITH_OWN)).toBe('no thing T (gone)');
    expect(explainAwsError(named('OtherException', 'odd'), WITH_OWN)).toBe(
      'Example Service DescribeThing failed for thing T (account 111111111111, eu-west-1): OtherException: odd',
    );
  });

  test('an own error can be any value, returned as it is', () => {
    const own = { kind: 'not-found' } as const;
    const call: AwsCall<typeof own> = { ...CALL, ownErrors: ({ name }) => (name === 'Gone' ? own : undefined) };
    expect(explainAwsError(named('Gone', 'x'), call)).toBe(own);
  });

  test('only the error names the service counts as access denied are worded as refused, with refused credentials', () => {
    const refused =
      'Example Service refused DescribeThing for thing T (account 111111111111, eu-west-1) ' +
      '(AccessDeniedException: no); use credentials of a role in account 111111111111 that may call it';
    expect(explainAwsError(named('AccessDeniedException', 'no'), CALL)).toBe(refused);
    expect(explainAwsError(named('ExpiredToken', 'old'), CALL)).toBe(
      'Example Service refused DescribeThing for thing T (account 111111111111, eu-west-1) ' +
        '(ExpiredToken: old); use credentials of a role in account 111111111111 that may call it',
    );
    expect(explainAwsError(named('AccessDenied', 'no'), CALL)).toBe(
      'Example Service DescribeThing failed for thing T (account 111111111111, eu-west-1): AccessDenied: no',
    );
    expect(explainAwsError(named('AccessDenied', 'no'), { ...CALL, accessDenied: ['AccessDenied'] })).toMatch(
      /^Example Service refused DescribeThing /,
    );
  });

  test('a credentials hint follows the missing and refused credentials sentences, and no other', () => {
    const call = { ...CALL, credentialsHint: 'or use the reader role' };
    expect(explainAwsError(named('CredentialsProviderError', 'none'), call)).toMatch(
      /and run again; or use the reader role$/,
    );
    expect(explainAwsError(named('AccessDeniedException', 'no'), call)).toMatch(
      /that may call it; or use the reader role$/,
    );
    expect(explainAwsError(named('ThrottlingException', 'slow'), call)).not.toContain('reader role');
    expect(explainAwsError(named('Weird', 'odd'), call)).not.toContain('reader role');
  });

  test('throttling says to wait, or what the service says instead', () => {
    expect(explainAwsError(named('ThrottlingException', 'Rate exceeded'), CALL)).toBe(
      'Example Service throttled DescribeThing on thing T (account 111111111111, eu-west-1); wait a moment and run again',
    );
    const call = { ...CALL, throttled: ({ name }: { name: string }) => `slow down (${name})` };
    expect(explainAwsError(named('Throttling', 'Rate exceeded'), call)).toBe('slow down (Throttling)');
  });

  test('a request that got no answer says the service could not be reached, with the network code', () => {
    expect(explainAwsError(named('Error', 'connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'), CALL)).toBe(
      'cannot reach Example Service in eu-west-1 for DescribeThing (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1)',
    );
    expect(explainAwsError(named('TimeoutError', 'socket timed out'), { ...CALL, reachFor: 'to read T' })).toBe(
      'cannot reach Example Service in eu-west-1 to read T (TimeoutError: socket timed out)',
    );
  });

  test('anything else names the call, where, and the error; a thrown non-Error too', () => {
    expect(explainAwsError(named('ValidationError', 'bad input'), CALL)).toBe(
      'Example Service DescribeThing failed for thing T (account 111111111111, eu-west-1): ValidationError: bad input',
    );
    expect(explainAwsError('boom', CALL)).toBe(
      'Example Service DescribeThing failed for thing T (account 111111111111, eu-west-1): Error: boom',
    );
  });

  describe('the order of the rungs, for an error that fits two', () => {
    test('missing credentials come before an own error and before access denied', () => {
      const error = named('ThingNotFoundException', 'Could not load credentials from any providers');
      expect(explainAwsError(error, WITH_OWN)).toMatch(/^no AWS credentials found for /);
      const denied = named('AccessDeniedException', 'Could not load credentials from any providers');
      expect(explainAwsError(denied, CALL)).toMatch(/^no AWS credentials found for /);
    });

    test("the service's own wording comes before access denied", () => {
      const call = {
        ...CALL,
        ownErrors: ({ name }: { name: string }) => (name === 'AccessDeniedException' ? 'own' : undefined),
      };
      expect(explainAwsError(named('AccessDeniedException', 'no'), call)).toBe('own');
    });

    test('access denied comes before throttling', () => {
      const call = { ...CALL, accessDenied: ['ThrottlingException'] };
      expect(explainAwsError(named('ThrottlingException', 'Rate exceeded'), call)).toMatch(
        /^Example Service refused DescribeThing /,
      );
    });

    test('throttling comes before unreachable', () => {
      expect(explainAwsError(named('ThrottlingException', 'reset', 'ECONNRESET'), CALL)).toMatch(
        /^Example Service throttled DescribeThing /,
      );
    });
  });
});
