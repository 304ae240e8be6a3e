import type { EnvironmentConfig } from '../../model/config';

/** The network of one environment, one line: the VPC it creates, or the one it imports and what it adds to it. */
export function describeEnvironmentNetwork(environment: EnvironmentConfig): string {
  const vpc = environment.vpc;
  if (!vpc) {
    const nat = environment.natGateways ?? environment.availabilityZones.length;
    return (
      `    network: a new VPC ${environment.vpcCidr} (public and private subnets per zone, isolated ones with a ` +
      `data tier, ${nat} NAT gateway(s)), its default security group stripped, flow logs to CloudWatch Logs`
    );
  }
  const roles = [
    `${vpc.publicSubnets.length} public`,
    `${vpc.privateSubnets.length} private`,
    ...(vpc.isolatedSubnets.length > 0 ? [`${vpc.isolatedSubnets.length} isolated`] : []),
  ];
  const flowLogs =
    vpc.flowLogs === 'add'
      ? 'a flow log added to CloudWatch Logs'
      : 'no flow log added (the config says the VPC has its own)';
  return (
    `    network: existing VPC ${vpc.id} (${vpc.cidr}) imported, not created: ${roles.join(', ')} subnets; ` +
    `${flowLogs}; no VPC endpoints added (this tool creates none in any VPC); ` +
    'its default security group and NAT gateways are left as they are'
  );
}
