import type { JsonObject } from '../../../../core/preflight/json-value';
import { scheduleEcsTarget } from '../../../../core/preflight/rules/schedule-ecs-target';
import { assemblyOf, getAtt, ref, resource, runRule, severities, stack } from '../harness';

const ALL = ['ecs:RunTask', 'iam:PassRole', 'sqs:SendMessage'];

/** A schedule whose role is allowed `actions`, with `ecs` merged into its EcsParameters. */
const check = (actions: string[], ecs: JsonObject = {}, target: JsonObject = {}) =>
  runRule(
    scheduleEcsTarget,
    assemblyOf(
      stack('env', {
        resources: {
          Role: resource('AWS::IAM::Role', { AssumeRolePolicyDocument: {} }),
          Policy: resource('AWS::IAM::Policy', {
            Roles: [ref('Role')],
            PolicyDocument: { Statement: actions.map((Action) => ({ Effect: 'Allow', Action, Resource: '*' })) },
          }),
          Nightly: resource(
            'AWS::Scheduler::Schedule',
            {
              ScheduleExpression: 'rate(1 day)',
              Target: {
                Arn: getAtt('Cluster'),
                RoleArn: getAtt('Role'),
                DeadLetterConfig: { Arn: getAtt('Queue') },
                EcsParameters: {
                  TaskDefinitionArn: 'arn:aws:ecs:eu-west-1:222222222222:task-definition/shop-prod-web',
                  LaunchType: 'FARGATE',
                  NetworkConfiguration: { AwsvpcConfiguration: { Subnets: [ref('SubnetA')] } },
                  ...ecs,
                },
                ...target,
              },
            },
            'prod/Service/Job-nightly/Schedule',
          ),
        },
      }),
    ),
  );

describe('schedule-ecs-target', () => {
  test('compliant: a role that may run, pass and send, and a Fargate task with subnets', () => {
    expect(check(ALL)).toEqual([]);
  });

  test('non-compliant: a role without iam:PassRole is an error naming the action', () => {
    const findings = check(['ecs:RunTask', 'sqs:SendMessage']);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'Nightly',
        constructPath: 'prod/Service/Job-nightly/Schedule',
      }),
    ]);
    expect(findings[0].message).toContain('does not allow iam:PassRole');
  });

  test('non-compliant: a dead-letter queue the role may not send to', () => {
    const findings = check(['ecs:RunTask', 'iam:PassRole']);
    expect(findings.map((f) => f.message)).toEqual([
      "the schedule's role Role does not allow sqs:SendMessage: refused runs cannot reach the dead-letter queue",
    ]);
  });

  test('compliant: without a dead-letter queue, sqs:SendMessage is not needed', () => {
    expect(check(['ecs:RunTask', 'iam:PassRole'], {}, { DeadLetterConfig: undefined as never })).toEqual([]);
  });

  test('non-compliant: a Fargate task without subnets', () => {
    const findings = check(ALL, { NetworkConfiguration: undefined as never });
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain('without NetworkConfiguration.AwsvpcConfiguration.Subnets');
  });

  test('warning: a role outside the assembly cannot be judged', () => {
    const findings = check(ALL, {}, { RoleArn: 'arn:aws:iam::222222222222:role/elsewhere' });
    expect(severities(findings)).toEqual(['warning']);
  });
});
