import { explainCodeDeployError, type GroupRef } from '../../../core/deployments';

const REF: GroupRef = {
  environment: 'prod',
  account: '333333333333',
  region: 'eu-west-1',
  application: 'sample-prod',
  deploymentGroup: 'sample-prod-bluegreen',
};

const named = (name: string, message: string, code?: string) => Object.assign(new Error(message), { name, code });

describe('explainCodeDeployError', () => {
  test('missing credentials, by error name or by the message of older providers', () => {
    for (const error of [
      named('CredentialsProviderError', 'Could not load credentials from any providers'),
      new Error('Could not load credentials from any providers'),
    ]) {
      const text = explainCodeDeployError(error, 'GetDeploymentGroup', REF);
      expect(text).toMatch(
        /^no AWS credentials found for sample-prod\/sample-prod-bluegreen \(account 333333333333, eu-west-1\)/,
      );
      expect(text).toContain('Sign in with a role in account 333333333333');
    }
  });

  test('refused credentials name the error and the account to use', () => {
    expect(
      explainCodeDeployError(
        named('ExpiredTokenException', 'The security token included in the request is expired'),
        'ListDeployments',
        REF,
      ),
    ).toBe(
      'CodeDeploy refused ListDeployments for sample-prod/sample-prod-bluegreen (account 333333333333, eu-west-1) ' +
        '(ExpiredTokenException: The security token included in the request is expired); ' +
        'use credentials of a role in account 333333333333 that may call it',
    );
  });

  test('an unknown deployment id names where it was looked for', () => {
    expect(
      explainCodeDeployError(
        named('DeploymentDoesNotExistException', 'Deployment d-X does not exist'),
        'GetDeployment',
        REF,
      ),
    ).toBe(
      'GetDeployment: Deployment d-X does not exist (looked in sample-prod/sample-prod-bluegreen (account 333333333333, eu-west-1))',
    );
  });

  test('network failures and timeouts say CodeDeploy could not be reached', () => {
    expect(
      explainCodeDeployError(
        named('Error', 'connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED'),
        'GetDeploymentGroup',
        REF,
      ),
    ).toBe(
      'cannot reach CodeDeploy in eu-west-1 for GetDeploymentGroup (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1)',
    );
    expect(explainCodeDeployError(named('TimeoutError', 'socket timed out'), 'GetDeployment', REF)).toContain(
      'cannot reach CodeDeploy in eu-west-1 for GetDeployment (TimeoutError',
    );
  });

  test('anything else keeps the operation, the error name and its message', () => {
    expect(explainCodeDeployError(named('ThrottlingException', 'Rate exceeded'), 'GetDeploymentTarget', REF)).toBe(
      'CodeDeploy GetDeploymentTarget failed for sample-prod/sample-prod-bluegreen (account 333333333333, eu-west-1): ThrottlingException: Rate exceeded',
    );
    expect(explainCodeDeployError('boom', 'StopDeployment', REF)).toContain(
      'StopDeployment failed for sample-prod/sample-prod-bluegreen',
    );
  });
});
