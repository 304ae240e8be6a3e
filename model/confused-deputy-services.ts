/**
 * Service principals for which AWS documents confused-deputy conditions on the roles they assume (the service sets
 * aws:SourceAccount and aws:SourceArn when it assumes them), each with the page that documents it. Lambda and ECS
 * tasks are not listed: their roles are handled by their own code (ECS tasks' roles pin the task ARN).
 */
export const CONFUSED_DEPUTY_SERVICES: Readonly<Record<string, string>> = {
  'codebuild.amazonaws.com':
    'https://docs.aws.amazon.com/codebuild/latest/userguide/cross-service-confused-deputy-prevention.html',
  'codepipeline.amazonaws.com':
    'https://docs.aws.amazon.com/codepipeline/latest/userguide/security-iam.html#security_iam_service-with-iam-roles-service',
  'codedeploy.amazonaws.com': 'https://docs.aws.amazon.com/codedeploy/latest/userguide/security_confused_deputy.html',
  'vpc-flow-logs.amazonaws.com': 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html',
  'monitoring.rds.amazonaws.com':
    'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_Monitoring.OS.Enabling.html',
};
