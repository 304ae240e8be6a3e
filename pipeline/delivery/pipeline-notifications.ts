import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as notifications from 'aws-cdk-lib/aws-codestarnotifications';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { encryptedTopic, notificationRuleTarget } from '../encrypted-topic';

export interface PipelineNotificationsProps {
  /** @default - no e-mail subscriptions */
  readonly emails?: readonly string[];
  /** @default - no chat target */
  readonly chatbotSlackChannelArn?: string;
}

export const PIPELINE_EVENTS = [
  'codepipeline-pipeline-pipeline-execution-failed',
  'codepipeline-pipeline-pipeline-execution-succeeded',
  'codepipeline-pipeline-manual-approval-needed',
] as const;

/** The pipeline's one encrypted SNS topic: approvals waiting, runs failed or succeeded. */
export class PipelineNotifications extends Construct {
  readonly topic: sns.Topic;
  private readonly targets: notifications.INotificationRuleTarget[];

  constructor(scope: Construct, id: string, props: PipelineNotificationsProps) {
    super(scope, id);
    this.topic = encryptedTopic(this, 'pipeline notifications', ['codestar-notifications.amazonaws.com']);
    for (const email of props.emails ?? []) this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    this.targets = [notificationRuleTarget(this.topic)];
    if (props.chatbotSlackChannelArn) {
      this.targets.push(
        chatbot.SlackChannelConfiguration.fromSlackChannelConfigurationArn(this, 'Slack', props.chatbotSlackChannelArn),
      );
    }
  }

  watchPipeline(pipeline: codepipeline.IPipeline): void {
    new notifications.NotificationRule(this, 'PipelineEvents', {
      source: pipeline,
      events: [...PIPELINE_EVENTS],
      targets: this.targets,
      detailType: notifications.DetailType.FULL,
    });
  }
}
