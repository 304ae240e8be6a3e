import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { JobConfig } from '../../../model/config/job-schema';
import { acknowledgeGuardRule, acknowledgeNagRule, acknowledgeWildcards } from '../../policy/acknowledge';

export interface ScheduledJobProps {
  readonly job: JobConfig;
  readonly cluster: ecs.ICluster;
  /** The service's task definition family; the schedule names it without a revision. */
  readonly taskFamily: string;
  /** The task role and execution role of the family, which RunTask passes to ECS. */
  readonly taskRoles: readonly iam.IRole[];
  /** The container whose command the job replaces. */
  readonly containerName: string;
  /** Where the task runs: the service's subnets and security group, so it reaches what the service reaches. */
  readonly subnetIds: readonly string[];
  readonly securityGroup: ec2.ISecurityGroup;
  /** Where the alarm of a failed run goes. */
  readonly alarmTopic: sns.ITopic;
}

/**
 * A scheduled job: EventBridge Scheduler calls ECS RunTask (Fargate 1.4.0, the service's subnets and security
 * group, no public IP) on the service's task definition family with the job's command.
 *
 * The family is named without a revision, and RunTask then runs its latest ACTIVE revision
 * (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RunTask.html, taskDefinition): after a blue/green
 * deployment that is the revision the deployment registered, with no change to the schedule.
 *
 * The scheduler only learns whether RunTask was accepted: it retries a refused call `retries` times and then puts
 * it in the dead-letter queue. Whether the job succeeded is only known to ECS, so a rule on ECS Task State Change
 * sends every stopped task of the job's group with a non-zero exit code (or that failed to start) to the same
 * queue, and an alarm on messages arriving there tells the environment's alarm topic: a job that exits non-zero
 * is a failed run.
 */
export class ScheduledJob extends Construct {
  readonly schedule: scheduler.CfnSchedule;
  readonly deadLetterQueue: sqs.Queue;
  readonly failureRule: events.Rule;
  readonly alarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const { job } = props;
    const stack = Stack.of(this);
    const group = `job:${job.name}`;

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const isDeadLetterQueue = `The dead-letter queue of job '${job.name}' (undelivered runs and failed runs).`;
    acknowledgeNagRule(this.deadLetterQueue, 'AwsSolutions-SQS3', isDeadLetterQueue);
    acknowledgeGuardRule(this.deadLetterQueue, 'sqs_dlq_check', isDeadLetterQueue);

    const role = new iam.Role(this, 'SchedulerRole', {
      description: `EventBridge Scheduler runs job '${job.name}'`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com').withConditions({
        StringEquals: { 'aws:SourceAccount': stack.account },
      }),
    });
    const family = stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: props.taskFamily });
    // Since March 2024 ECS authorizes RunTask without a revision against the latest revision's ARN.
    const revisions = `${family}:*`;
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['ecs:RunTask'],
        resources: [revisions],
        conditions: { ArnEquals: { 'ecs:cluster': props.cluster.clusterArn } },
      }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: props.taskRoles.map((r) => r.roleArn),
        conditions: { StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
      }),
    );
    this.deadLetterQueue.grantSendMessages(role);
    acknowledgeWildcards(
      role,
      'Every revision of the one task definition family the job runs (RunTask resolves the latest).',
      [{ resource: revisions }],
    );

    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: `Job ${job.name}: ${job.command.join(' ')}`,
      scheduleExpression: job.schedule,
      scheduleExpressionTimezone: job.timezone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: props.cluster.clusterArn,
        roleArn: role.roleArn,
        ecsParameters: {
          taskDefinitionArn: family,
          launchType: 'FARGATE',
          platformVersion: '1.4.0',
          taskCount: 1,
          group,
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: [...props.subnetIds],
              securityGroups: [props.securityGroup.securityGroupId],
              assignPublicIp: 'DISABLED',
            },
          },
        },
        // For an ECS target the input is RunTask's overrides.
        input: stack.toJsonString({ containerOverrides: [{ name: props.containerName, command: job.command }] }),
        retryPolicy: { maximumRetryAttempts: job.retries, maximumEventAgeInSeconds: job.maxEventAgeMinutes * 60 },
        deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      },
    });

    this.failureRule = new events.Rule(this, 'FailedRun', {
      description: `A run of job '${job.name}' stopped with a non-zero exit code or failed to start`,
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Task State Change'],
        detail: {
          clusterArn: [props.cluster.clusterArn],
          group: [group],
          lastStatus: ['STOPPED'],
          $or: [{ containers: { exitCode: [{ 'anything-but': 0 }] } }, { stopCode: ['TaskFailedToStart'] }],
        },
      },
      targets: [new targets.SqsQueue(this.deadLetterQueue)],
    });

    this.alarm = new cloudwatch.Alarm(this, 'RunFailed', {
      alarmDescription: `Job '${job.name}' failed (non-zero exit, not started, or not delivered); see its dead-letter queue`,
      metric: this.deadLetterQueue.metricNumberOfMessagesSent({ period: Duration.minutes(5), statistic: 'Sum' }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.alarmTopic));
  }
}
