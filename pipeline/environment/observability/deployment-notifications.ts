import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as notifications from 'aws-cdk-lib/aws-codestarnotifications';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { encryptedTopic, notificationRuleTarget } from '../../encrypted-topic';

export interface DeploymentNotificationsProps {
  readonly application: codedeploy.IEcsApplication;
  /** @default - no e-mail subscriptions */
  readonly emails?: readonly string[];
}

/** CodeDeploy deployment events of one environment. A rolled-back deployment ends as failed. */
export const DEPLOYMENT_EVENTS = [
  'codedeploy-application-deployment-failed',
  'codedeploy-application-deployment-succeeded',
] as const;

/**
 * Notification rules must live in the account of their source, so each environment account has
 * its own encrypted topic for its CodeDeploy deployments, with the same subscribers as the pipeline's.
 */
export class DeploymentNotifications extends Construct {
  constructor(scope: Construct, id: string, props: DeploymentNotificationsProps) {
    super(scope, id);
    const topic = encryptedTopic(this, 'deployment notifications', ['codestar-notifications.amazonaws.com']);
    for (const email of props.emails ?? []) topic.addSubscription(new subscriptions.EmailSubscription(email));
    new notifications.NotificationRule(this, 'DeploymentEvents', {
      // CDK's CodeDeploy application is not a notification source; its ARN is all the rule needs.
      source: { bindAsNotificationRuleSource: () => ({ sourceArn: props.application.applicationArn }) },
      events: [...DEPLOYMENT_EVENTS],
      targets: [notificationRuleTarget(topic)],
      detailType: notifications.DetailType.FULL,
    });
  }
}
