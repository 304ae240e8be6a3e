/**
 * What AWSLambdaVPCAccessExecutionRole allows beyond logging: the function's network interfaces in the VPC.
 * A function in a VPC needs these to create its interfaces; CDK adds the managed policy only to roles it creates.
 */
export const VPC_FUNCTION_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
] as const;
