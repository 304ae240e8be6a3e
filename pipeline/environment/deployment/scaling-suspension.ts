import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DEPLOYMENT_STATE_CHANGE,
  FINISHED_DEPLOYMENT_STATUSES,
  POLL_SECONDS,
  SCALING_SUSPENSION_STATES,
  SUSPEND_ON_STATE,
  ecsServiceResourceId,
  suspendedState,
} from '../../../model/scaling-suspension';
import { acknowledgeGuardRule, acknowledgeNagRule, acknowledgeWildcards } from '../../policy/acknowledge';

export interface ScalingSuspensionProps {
  /** The deployment group whose deployments suspend the service's scaling; fixed names, as the pipeline imports them. */
  readonly deploymentGroup: { readonly applicationName: string; readonly deploymentGroupName: string };
  readonly clusterName: string;
  /** The service's physical name, in its scalable target's resource id. */
  readonly serviceName: string;
  readonly serviceArn: string;
  /** Where a failed suspension or resumption, or an event that never arrived, is reported. */
  readonly alarmTopic: sns.ITopic;
  /** Prefix of the two alarms' names. */
  readonly alarmNamePrefix: string;
  /** Encrypts the state machine's log group. */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Suspends a CODE_DEPLOY service's Application Auto Scaling while CodeDeploy changes its task sets, and resumes it
 * after: an EventBridge rule sends the deployment group's START, SUCCESS, FAILURE and STOP to a state machine that
 * calls RegisterScalableTarget with a SuspendedState (no Lambda, no SDK). After START it watches the deployment and
 * resumes once it has finished or its termination wait has begun; the final events resume it as well, so one lost
 * event or one failed execution does not leave scaling off. A failed execution or an undelivered event raises an
 * alarm: scaling must never stay suspended silently.
 */
export class ScalingSuspension extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly rule: events.Rule;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ScalingSuspensionProps) {
    super(scope, id);
    const { applicationName, deploymentGroupName } = props.deploymentGroup;
    const logGroup = new logs.LogGroup(this, 'Logs', { encryptionKey: props.logKey, retention: props.logRetention });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      definitionBody: sfn.DefinitionBody.fromChainable(this.definition(props)),
      comment: `Suspends ${props.serviceName}'s scaling during its CodeDeploy deployments`,
      // Longer than any deployment reaches its termination wait (five hooks of at most an hour each), and shorter than
      // the ~23 h after which 30 s polls fill a standard workflow's 25,000-event history (which fails without the
      // catch that resumes scaling); a timeout alarms.
      timeout: Duration.hours(18),
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    this.grant(props);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const isDeadLetterQueue = 'This queue is itself the dead-letter queue of the scaling suspension rule.';
    acknowledgeNagRule(this.deadLetterQueue, 'AwsSolutions-SQS3', isDeadLetterQueue);
    acknowledgeGuardRule(this.deadLetterQueue, 'sqs_dlq_check', isDeadLetterQueue);
    this.rule = new events.Rule(this, 'DeploymentStateChange', {
      description: `${deploymentGroupName} deployments: suspend scaling on start, resume when they end`,
      eventPattern: {
        source: ['aws.codedeploy'],
        detailType: [DEPLOYMENT_STATE_CHANGE],
        detail: {
          application: [applicationName],
          deploymentGroup: [deploymentGroupName],
          state: [...SCALING_SUSPENSION_STATES],
        },
      },
    });
    this.rule.addTarget(
      new targets.SfnStateMachine(this.stateMachine, {
        retryAttempts: 8,
        maxEventAge: Duration.hours(2),
        deadLetterQueue: this.deadLetterQueue,
      }),
    );
    this.alarms(props);
  }

  private definition(props: ScalingSuspensionProps): sfn.IChainable {
    const register = (id: string, suspended: boolean) =>
      new sfn.CustomState(this, id, {
        stateJson: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:applicationautoscaling:registerScalableTarget',
          Parameters: {
            ServiceNamespace: 'ecs',
            ScalableDimension: 'ecs:service:DesiredCount',
            ResourceId: ecsServiceResourceId(props.clusterName, props.serviceName),
            SuspendedState: suspendedState(suspended),
          },
          ResultPath: null,
        },
      }).addRetry({ errors: ['States.ALL'], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 6 });

    const resume = register('Resume', false).next(new sfn.Succeed(this, 'Resumed'));
    const resumeAfterError = register('ResumeAfterError', false).next(
      new sfn.Fail(this, 'SuspensionFailed', {
        error: 'SuspensionFailed',
        cause: 'Scaling was resumed after an error',
      }),
    );
    const wait = new sfn.Wait(this, 'Wait', { time: sfn.WaitTime.duration(Duration.seconds(POLL_SECONDS)) });
    const look = new sfn.CustomState(this, 'GetDeployment', {
      stateJson: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:codedeploy:getDeployment',
        Parameters: { 'DeploymentId.$': '$.detail.deploymentId' },
        ResultSelector: { 'Status.$': '$.DeploymentInfo.Status', 'Info.$': '$.DeploymentInfo' },
        ResultPath: '$.deployment',
      },
    })
      .addRetry({ errors: ['States.ALL'], interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 6 })
      .addCatch(resumeAfterError, { resultPath: '$.error' });
    const waitStarted = '$.deployment.Info.InstanceTerminationWaitTimeStarted';
    const released = new sfn.Choice(this, 'Released')
      .when(
        sfn.Condition.or(
          ...FINISHED_DEPLOYMENT_STATUSES.map((s) => sfn.Condition.stringEquals('$.deployment.Status', s)),
          sfn.Condition.and(sfn.Condition.isPresent(waitStarted), sfn.Condition.booleanEquals(waitStarted, true)),
        ),
        resume,
      )
      .otherwise(wait);
    const suspend = register('Suspend', true).addCatch(resumeAfterError, { resultPath: '$.error' });
    return new sfn.Choice(this, 'Route')
      .when(
        sfn.Condition.stringEquals('$.detail.state', SUSPEND_ON_STATE),
        suspend.next(wait).next(look).next(released),
      )
      .otherwise(resume);
  }

  /**
   * RegisterScalableTarget, with what Application Auto Scaling checks on the target service (DescribeServices and
   * UpdateService) for this one service only, and GetDeployment on this group only.
   */
  private grant(props: ScalingSuspensionProps): void {
    const stack = Stack.of(this);
    const role = this.stateMachine.role;
    const anyScalableTarget = stack.formatArn({
      service: 'application-autoscaling',
      resource: 'scalable-target',
      resourceName: '*',
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['application-autoscaling:RegisterScalableTarget'],
        // A scalable target's ARN ends in an id AWS generates, which CloudFormation does not return.
        resources: [anyScalableTarget],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        // Application Auto Scaling requires these of the caller on the target service, so they bound the above.
        actions: ['ecs:DescribeServices', 'ecs:UpdateService'],
        resources: [props.serviceArn],
      }),
    );
    const { applicationName, deploymentGroupName } = props.deploymentGroup;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['codedeploy:GetDeployment'],
        resources: [
          stack.formatArn({
            service: 'codedeploy',
            resource: 'deploymentgroup',
            resourceName: `${applicationName}/${deploymentGroupName}`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
    acknowledgeWildcards(
      role,
      "A scalable target's ARN ends in an id Application Auto Scaling generates and CloudFormation does not return; " +
        'the ECS permissions it requires of the caller name this one service. Step Functions log delivery and ' +
        'X-Ray calls take no resource.',
      [{ resource: anyScalableTarget }, { resource: '*' }],
    );
  }

  private alarms(props: ScalingSuspensionProps): void {
    const action = new cloudwatchActions.SnsAction(props.alarmTopic);
    const period = Duration.minutes(1);
    const recover =
      `Scaling of ${props.serviceName} may be left suspended: check with aws application-autoscaling ` +
      'describe-scalable-targets --service-namespace ecs, and resume with register-scalable-target --suspended-state ' +
      'DynamicScalingInSuspended=false,DynamicScalingOutSuspended=false,ScheduledScalingSuspended=false';
    new cloudwatch.Alarm(this, 'ExecutionFailed', {
      alarmName: `${props.alarmNamePrefix}-ScalingSuspensionFailed`,
      alarmDescription: `The scaling suspension state machine failed, timed out or was aborted. ${recover}`,
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)',
        usingMetrics: {
          failed: this.stateMachine.metricFailed({ period, statistic: 'Sum' }),
          timedOut: this.stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
          aborted: this.stateMachine.metricAborted({ period, statistic: 'Sum' }),
        },
        period,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
    new cloudwatch.Alarm(this, 'Undelivered', {
      alarmName: `${props.alarmNamePrefix}-ScalingSuspensionUndelivered`,
      alarmDescription: `A CodeDeploy state change never reached the scaling suspension state machine. ${recover}`,
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
  }
}
