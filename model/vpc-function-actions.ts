/**
 * What Lambda needs to manage a VPC function's network interfaces: the actions AWSLambdaENIManagementAccess allows,
 * and AWSLambdaVPCAccessExecutionRole beside its logging
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc.html#configuration-vpc-permissions). CDK adds the
 * managed policy only to roles it creates; the constructs grant these to the roles they pass, and preflight requires
 * them of every VPC function's role.
 */
export const VPC_FUNCTION_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;
