/**
 * The ARN partition of a region, as a plain string: ARNs of resources in other accounts must not be
 * tokens, or CDK cannot see which account they live in and skips its cross-account wiring.
 */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` without tokens. */
export function plainArn(service: string, region: string, account: string, resource: string): string {
  return ['arn', partitionOf(region), service, region, account, resource].join(':');
}

/** An IAM role's ARN; IAM is global, so the ARN has no region, but the partition follows the region. */
export function roleArn(region: string, account: string, roleName: string): string {
  return ['arn', partitionOf(region), 'iam', '', account, `role/${roleName}`].join(':');
}
