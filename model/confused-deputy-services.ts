/** AWS's general page on the problem and the aws:SourceArn / aws:SourceAccount keys that prevent it. */
const IAM_CONFUSED_DEPUTY = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html';

/**
 * Service principals whose service roles must say for which source the service may assume them (aws:SourceAccount
 * and/or aws:SourceArn in the trust policy), each with the page to read. Lambda and ECS tasks are not listed: their
 * roles are handled by their own code (ECS tasks' roles pin the task ARN).
 */
export const CONFUSED_DEPUTY_SERVICES: Readonly<Record<string, string>> = {
  'codebuild.amazonaws.com': IAM_CONFUSED_DEPUTY,
  'codepipeline.amazonaws.com': IAM_CONFUSED_DEPUTY,
  'codedeploy.amazonaws.com': IAM_CONFUSED_DEPUTY,
  'events.amazonaws.com':
    'https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-identity-based.html#eb-confused-deputy-prevention',
  'vpc-flow-logs.amazonaws.com': 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html',
  'monitoring.rds.amazonaws.com':
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/cross-service-confused-deputy-prevention.html',
};

/**
 * Services that CDK's own constructs admit in a resource policy with no source condition, each with the page where
 * AWS documents `aws:SourceAccount` for it: the environment and pipeline stacks add that condition
 * (pipeline/policy/confused-deputy.ts), and preflight refuses any service grant without one.
 */
export const SOURCE_ACCOUNT_RESOURCE_GRANTS: Readonly<Record<string, string>> = {
  // Load balancer access logs (CDK's logAccessLogs): AWSLogDeliveryWrite and AWSLogDeliveryAclCheck.
  'delivery.logs.amazonaws.com':
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/enable-access-logs.html',
  // A topic as a notification rule's target (CDK's bindAsNotificationRuleTarget): the topic and its key.
  'codestar-notifications.amazonaws.com': 'https://docs.aws.amazon.com/dtconsole/latest/userguide/set-up-sns.html',
};

/**
 * Service grants AWS documents with no source condition, which the source check admits: only these actions on only
 * this resource type. Load balancers in Regions opened since August 2022 write their access logs as this principal,
 * and AWS's bucket policy for them names no source.
 */
export const UNCONDITIONED_SERVICE_GRANTS: readonly {
  readonly service: string;
  readonly resourceType: string;
  readonly actions: readonly string[];
  readonly docUrl: string;
}[] = [
  {
    service: 'logdelivery.elasticloadbalancing.amazonaws.com',
    resourceType: 'AWS::S3::BucketPolicy',
    actions: ['s3:PutObject'],
    docUrl: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html',
  },
];

/** Whether a statement's Condition names aws:SourceAccount or aws:SourceArn under any operator (keys are case-blind). */
export function conditionNamesSource(condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object') return false;
  return Object.values(condition).some(
    (operator) =>
      operator !== null &&
      typeof operator === 'object' &&
      Object.keys(operator).some((key) => ['aws:sourceaccount', 'aws:sourcearn'].includes(key.toLowerCase())),
  );
}
