import { describeStopResult, formatRollbackAdvice, type GroupRef } from '../../../core/deployments';

const REF: GroupRef = {
  environment: 'staging',
  account: '222222222222',
  region: 'eu-west-1',
  application: 'sample-staging',
  deploymentGroup: 'sample-staging-bluegreen',
};

describe('describeStopResult', () => {
  test.each([
    ['Succeeded', true],
    ['Pending', true],
    [undefined, false],
    ['Failed', false],
  ])('status %s accepted: %s', (status, accepted) => {
    const outcome = describeStopResult('d-RUNNING01', { status: status as 'Succeeded' | undefined }, 'staging');
    expect(outcome.accepted).toBe(accepted);
    expect(outcome.text).toContain('d-RUNNING01');
    expect(outcome.text).toContain('bluegreen status --environment staging');
  });
});

describe('formatRollbackAdvice', () => {
  test('without a previous revision it points at earlier successful deployments', () => {
    const text = formatRollbackAdvice({
      ref: REF,
      group: { lastSuccessfulDeployment: { deploymentId: 'd-GOOD00001' } },
      lastSuccessful: { deploymentId: 'd-GOOD00001', status: 'Succeeded' },
    });
    expect(text).toContain('CodeDeploy does not report the revision before d-GOOD00001.');
    expect(text).toContain(
      'aws deploy list-deployments --region eu-west-1 --application-name sample-staging --deployment-group-name sample-staging-bluegreen --include-only-statuses Succeeded',
    );
    expect(text).not.toContain('create-deployment');
  });

  test('a last attempted deployment that is the live one is not repeated', () => {
    const text = formatRollbackAdvice({
      ref: REF,
      group: { lastAttemptedDeployment: { deploymentId: 'd-GOOD00001', status: 'Succeeded' } },
      lastSuccessful: {
        deploymentId: 'd-GOOD00001',
        status: 'Succeeded',
        previousRevision: { revisionType: 'S3', s3Location: { bucket: 'b', key: 'k' } },
      },
    });
    expect(text).not.toContain('Last attempted');
    expect(text).toContain('The revision before it: s3://b/k\n');
    expect(text).not.toContain('must still be ACTIVE');
  });
});
