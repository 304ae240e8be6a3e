import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ScalingSuspension } from '../../../../pipeline/environment/deployment/scaling-suspension';
import { acknowledgeGuardRule, acknowledgeNagRule } from '../../../../pipeline/policy/acknowledge';
import {
  expectGatePasses,
  GUARD,
  guardTest,
  NAG,
  synthesizeWithPolicy,
  type PolicySynth,
} from '../../policy/support/policy-synth';

let synth: PolicySynth;
let stack: Stack;
let template: Template;
beforeAll(() => {
  synth = synthesizeWithPolicy((app) => {
    stack = new Stack(app, 'Env', { env: { account: '222222222222', region: 'eu-west-1' } });
    const logKey = new kms.Key(stack, 'LogKey', { enableKeyRotation: true });
    acknowledgeGuardRule(logKey, 'kms_create_grant_aws_service_check', 'Test scaffolding: the log key limits grants.');
    const topic = new sns.Topic(stack, 'Alarms', { enforceSSL: true });
    acknowledgeNagRule(topic, 'AwsSolutions-SNS2', 'Test scaffolding: the environment alarm topic is encrypted.');
    new ScalingSuspension(stack, 'ScalingSuspension', {
      deploymentGroup: { applicationName: 'shop-staging', deploymentGroupName: 'shop-staging-api' },
      clusterName: 'shop-staging',
      serviceName: 'shop-staging-api',
      serviceArn: 'arn:aws:ecs:eu-west-1:222222222222:service/shop-staging/shop-staging-api',
      alarmTopic: topic,
      alarmNamePrefix: 'shop-staging-api',
      logKey,
      logRetention: logs.RetentionDays.ONE_YEAR,
    });
  });
  template = Template.fromStack(stack);
});
afterAll(() => synth.dispose());

interface State {
  readonly Type: string;
  readonly Resource?: string;
  readonly Parameters?: Record<string, unknown>;
  readonly Next?: string;
  readonly Default?: string;
  readonly Choices?: Record<string, unknown>[];
  readonly Catch?: { Next: string }[];
}

/** The state machine's definition (tokens joined into it, if any, rendered as their JSON). */
function definition(): { StartAt: string; States: Record<string, State> } {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const body = machine.Properties.DefinitionString as string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((p) => (typeof p === 'string' ? p : `<${JSON.stringify(p)}>`)).join('');
  return JSON.parse(text) as { StartAt: string; States: Record<string, State> };
}

describe('ScalingSuspension', () => {
  test('passes cdk-nag', () => {
    expectGatePasses(synth, NAG);
  });

  guardTest('passes the Control Tower guard rules', () => {
    expectGatePasses(synth, GUARD);
  });

  test("routes the deployment group's START, SUCCESS, FAILURE and STOP to the state machine, with a dead-letter queue", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.codedeploy'],
        'detail-type': ['CodeDeploy Deployment State-change Notification'],
        detail: {
          application: ['shop-staging'],
          deploymentGroup: ['shop-staging-api'],
          state: ['START', 'SUCCESS', 'FAILURE', 'STOP'],
        },
      },
      Targets: [
        Match.objectLike({
          Arn: { Ref: Match.stringLikeRegexp('^ScalingSuspensionStateMachine') },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ScalingSuspensionDeadLetters'), 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
        }),
      ],
    });
  });

  test('START suspends every kind of scaling of the service, then watches the deployment', () => {
    const { StartAt, States } = definition();
    expect(States[StartAt].Type).toBe('Choice');
    expect(States[StartAt].Choices).toEqual([{ Variable: '$.detail.state', StringEquals: 'START', Next: 'Suspend' }]);
    expect(States.Suspend).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:applicationautoscaling:registerScalableTarget',
      Parameters: {
        ServiceNamespace: 'ecs',
        ScalableDimension: 'ecs:service:DesiredCount',
        ResourceId: 'service/shop-staging/shop-staging-api',
        SuspendedState: {
          DynamicScalingInSuspended: true,
          DynamicScalingOutSuspended: true,
          ScheduledScalingSuspended: true,
        },
      },
      Next: 'Wait',
    });
    expect(States.Wait.Next).toBe('GetDeployment');
    expect(States.GetDeployment).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:codedeploy:getDeployment',
      Parameters: { 'DeploymentId.$': '$.detail.deploymentId' },
      Next: 'Released',
    });
  });

  test('resumes when the deployment has finished or its termination wait began, and polls again otherwise', () => {
    const { States } = definition();
    const released = States.Released;
    expect(released.Default).toBe('Wait');
    const text = JSON.stringify(released.Choices);
    for (const status of ['Succeeded', 'Failed', 'Stopped']) expect(text).toContain(`"StringEquals":"${status}"`);
    expect(text).toContain('"Variable":"$.deployment.Info.InstanceTerminationWaitTimeStarted","BooleanEquals":true');
    expect(released.Choices?.[0].Next).toBe('Resume');
  });

  test('every final event resumes, and any error after suspending resumes before the execution fails', () => {
    const { StartAt, States } = definition();
    expect(States[StartAt].Default).toBe('Resume');
    for (const id of ['Resume', 'ResumeAfterError']) {
      expect(States[id].Parameters?.SuspendedState).toEqual({
        DynamicScalingInSuspended: false,
        DynamicScalingOutSuspended: false,
        ScheduledScalingSuspended: false,
      });
    }
    expect(States.Suspend.Catch?.[0].Next).toBe('ResumeAfterError');
    expect(States.GetDeployment.Catch?.[0].Next).toBe('ResumeAfterError');
    expect(States[States.ResumeAfterError.Next!].Type).toBe('Fail');
  });

  test("may update this service only (ECS), register scalable targets of its account and region, read its group's deployments", () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'application-autoscaling:RegisterScalableTarget',
            Resource: 'arn:aws:application-autoscaling:eu-west-1:222222222222:scalable-target/*',
          }),
          Match.objectLike({
            Action: ['ecs:DescribeServices', 'ecs:UpdateService'],
            Resource: 'arn:aws:ecs:eu-west-1:222222222222:service/shop-staging/shop-staging-api',
          }),
          Match.objectLike({
            Action: 'codedeploy:GetDeployment',
            Resource: 'arn:aws:codedeploy:eu-west-1:222222222222:deploymentgroup:shop-staging/shop-staging-api',
          }),
        ]),
      },
    });
  });

  test('alarms on a failed, timed-out or aborted execution and on an undelivered event', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'shop-staging-api-ScalingSuspensionFailed',
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)' }),
      ]),
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'shop-staging-api-ScalingSuspensionUndelivered',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^Alarms') }],
    });
  });
});
