import { CloudWatchClient, CloudWatchServiceException, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { cloudWatchAlarmReader, type AlarmRef } from '../../../core/bake';

const cloudwatch = mockClient(CloudWatchClient);
beforeEach(() => cloudwatch.reset());

const ALARM: AlarmRef = { name: 'sample-prod-rollback-any', region: 'eu-west-1', account: '333333333333' };
const read = () => cloudWatchAlarmReader(new CloudWatchClient({ region: 'eu-west-1' }), ALARM)();

function awsError(name: string, fault: 'client' | 'server' = 'client'): CloudWatchServiceException {
  return new CloudWatchServiceException({ name, $fault: fault, $metadata: {}, message: `${name} message` });
}

function networkError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 127.0.0.1:443`), { code });
}

describe('cloudWatchAlarmReader', () => {
  test('asks for exactly the one alarm, composite or metric, and returns its state and timestamps', async () => {
    const changed = new Date('2026-01-01T12:00:00Z');
    cloudwatch.on(DescribeAlarmsCommand).resolves({
      CompositeAlarms: [
        {
          AlarmName: ALARM.name,
          StateValue: 'OK',
          StateReason: 'fine',
          StateUpdatedTimestamp: changed,
          StateTransitionedTimestamp: changed,
        },
      ],
    });

    expect(await read()).toEqual({
      kind: 'sample',
      sample: {
        name: ALARM.name,
        type: 'CompositeAlarm',
        state: 'OK',
        reason: 'fine',
        updatedAt: changed,
        transitionedAt: changed,
      },
    });
    expect(cloudwatch.commandCalls(DescribeAlarmsCommand).map((c) => c.args[0].input)).toEqual([
      { AlarmNames: [ALARM.name], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] },
    ]);
  });

  test('no alarm in either list is missing, with the account and the "*" hint', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({});

    const result = await read();

    expect(result.kind).toBe('missing');
    expect(result.kind === 'missing' && result.reason).toMatch(
      /^alarm sample-prod-rollback-any does not exist in account 333333333333, eu-west-1 .*allowed on "\*"/,
    );
  });

  test('two alarms for one name cannot be judged', async () => {
    cloudwatch.on(DescribeAlarmsCommand).resolves({
      CompositeAlarms: [{ AlarmName: ALARM.name, StateValue: 'OK' }],
      MetricAlarms: [{ AlarmName: ALARM.name, StateValue: 'ALARM' }],
    });

    expect(await read()).toMatchObject({ kind: 'fatal' });
  });

  test.each([
    ['AccessDenied', 'fatal', 'needs cloudwatch:DescribeAlarms with Resource "*"', awsError('AccessDenied')],
    [
      'AccessDeniedException',
      'fatal',
      'needs cloudwatch:DescribeAlarms with Resource "*"',
      awsError('AccessDeniedException'),
    ],
    ['ExpiredToken', 'fatal', 'did not accept the credentials (ExpiredToken', awsError('ExpiredToken')],
    [
      'InvalidParameterValue',
      'fatal',
      'DescribeAlarms failed for sample-prod-rollback-any: Invalid',
      awsError('InvalidParameterValue'),
    ],
    ['Throttling', 'retry', 'CloudWatch throttled DescribeAlarms (Throttling)', awsError('Throttling')],
    [
      'ThrottlingException',
      'retry',
      'CloudWatch throttled DescribeAlarms (ThrottlingException)',
      awsError('ThrottlingException'),
    ],
    [
      'InternalServiceFault',
      'retry',
      'CloudWatch failed DescribeAlarms (InternalServiceFault',
      awsError('InternalServiceFault', 'server'),
    ],
    ['ECONNRESET', 'retry', 'cannot reach CloudWatch in eu-west-1 (ECONNRESET', networkError('ECONNRESET')],
    [
      'TimeoutError',
      'retry',
      'cannot reach CloudWatch',
      Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
    ],
    ['an unknown Error', 'fatal', 'Error: something new', new Error('something new')],
  ])('%s is %s', async (_label, kind, reason, error) => {
    cloudwatch.on(DescribeAlarmsCommand).rejects(error);

    const result = await read();

    expect(result.kind).toBe(kind);
    expect('reason' in result && result.reason).toContain(reason);
  });
});
