import { compositeAlarmRead } from '../../../../core/preflight/rules/composite-alarm-read';
import type { JsonValue } from '../../../../core/preflight/json-value';
import {
  action,
  assemblyOf,
  conditionRule,
  getAtt,
  inlinePolicy,
  pipeline,
  resource,
  role,
  runRule,
  severities,
  STAGING,
  stack,
  stage,
  statement,
  TOOLS,
} from '../harness';

const composite = resource('AWS::CloudWatch::CompositeAlarm', { AlarmName: 'app-rollback-any', AlarmRule: 'ALARM(x)' });
const metricAlarm = resource('AWS::CloudWatch::Alarm', { AlarmName: 'app-5xx' });

function readerStack(scope: JsonValue, action = 'cloudwatch:DescribeAlarms') {
  return stack('env', {
    account: STAGING,
    resources: {
      Any: composite,
      FiveXx: metricAlarm,
      Reader: resource('AWS::IAM::Role', inlinePolicy(statement(action, scope)), 'env/AlarmReader/Resource'),
    },
  });
}

function pipelineWithAlarmRule(roleAccount: string) {
  const rule = conditionRule('CloudWatchAlarm', `arn:aws:iam::${roleAccount}:role/reader`, {
    AlarmName: 'app-rollback-any',
  });
  return stack('app-pipeline', {
    resources: {
      Pipeline: pipeline([
        stage('prod', [action({ name: 'Deploy', provider: 'CloudFormation' })], {
          OnSuccess: { Conditions: [{ Result: 'FAIL', Rules: [rule] }] },
        }),
      ]),
      PipelineRole: role(),
    },
  });
}

describe('composite-alarm-read', () => {
  test.each<[string, JsonValue]>([
    ['on *', '*'],
    ['on a metric alarm only', getAtt('FiveXx')],
    ['on a list that includes *', [getAtt('Any'), '*']],
  ])('compliant: DescribeAlarms %s', (_name, scope) => {
    expect(runRule(compositeAlarmRead, assemblyOf(readerStack(scope)))).toEqual([]);
  });

  test('non-compliant: DescribeAlarms scoped to the composite alarm (GetAtt) is an error on the policy holder', () => {
    const findings = runRule(compositeAlarmRead, assemblyOf(readerStack(getAtt('Any'))));
    expect(findings).toEqual([
      expect.objectContaining({ severity: 'error', logicalId: 'Reader', constructPath: 'env/AlarmReader/Resource' }),
    ]);
  });

  test('non-compliant: DescribeAlarms scoped to the composite alarm by ARN name, through cloudwatch:Describe*', () => {
    const arn = `arn:aws:cloudwatch:eu-west-1:${STAGING}:alarm:app-rollback-any`;
    const findings = runRule(compositeAlarmRead, assemblyOf(readerStack(arn, 'cloudwatch:Describe*')));
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain('app-rollback-any');
  });

  test('compliant: a CloudWatchAlarm rule whose role is in the pipeline account', () => {
    expect(runRule(compositeAlarmRead, assemblyOf(pipelineWithAlarmRule(TOOLS)))).toEqual([]);
  });

  test('warning: a CloudWatchAlarm rule whose role is in another account', () => {
    const findings = runRule(compositeAlarmRead, assemblyOf(pipelineWithAlarmRule(STAGING)));
    expect(severities(findings)).toEqual(['warning']);
    expect(findings[0].message).toContain(`account ${STAGING}`);
  });
});
