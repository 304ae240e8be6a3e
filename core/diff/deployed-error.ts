import { explainAwsError } from '../aws-errors';

/** Where a deployed template is read: the stack, its account and region. */
export interface DeployedStackRef {
  readonly stackName: string;
  readonly account: string;
  readonly region: string;
}

/** A deployed template that could not be read; the message says what to do, without a stack trace. */
export class DeployedReadError extends Error {
  override readonly name = 'DeployedReadError';
}

/**
 * The CDK bootstrap's lookup role of an account and region (default qualifier): ReadOnlyAccess, the role
 * `cdk diff` itself reads deployed templates with.
 */
export function lookupRoleArn(account: string, region: string): string {
  return `arn:aws:iam::${account}:role/cdk-hnb659fds-lookup-role-${account}-${region}`;
}

/** How to read through the reader role: a profile that assumes the lookup role. */
export function readerRoleHint(ref: DeployedStackRef): string {
  return (
    `to read through the environment's reader role, use a profile with role_arn = ${lookupRoleArn(ref.account, ref.region)} ` +
    `(and source_profile or credential_source) in AWS_PROFILE`
  );
}

/** Turns an SDK error of GetTemplate into one sentence that names the stack and the way out. */
export function explainGetTemplateError(error: unknown, ref: DeployedStackRef): string {
  const where = `stack ${ref.stackName} (account ${ref.account}, ${ref.region})`;
  return explainAwsError(error, {
    service: 'CloudFormation',
    operation: 'GetTemplate',
    where,
    account: ref.account,
    region: ref.region,
    accessDenied: ['AccessDenied', 'AccessDeniedException'],
    credentialsHint: readerRoleHint(ref),
    throttled: ({ name, message }) =>
      `CloudFormation throttled GetTemplate for ${where} even after the SDK's retries (${name}: ${message}); wait a minute and run again`,
    reachFor: `for GetTemplate of ${where}`,
  });
}
