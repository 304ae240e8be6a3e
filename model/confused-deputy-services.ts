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
