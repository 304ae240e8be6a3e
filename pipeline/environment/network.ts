import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { subnetsInZoneOrder, type ExistingVpcConfig, type SubnetRole } from '../../model/config/network-schema';
import { acknowledgeGuardRule } from '../policy/acknowledge';

export interface NetworkProps {
  readonly cidr: string;
  readonly availabilityZones: readonly string[];
  /** @default - one per availability zone */
  readonly natGateways?: number;
  /** Encrypts the flow log group. */
  readonly logKey: kms.IKey;
  readonly logRetention: logs.RetentionDays;
  /**
   * Adds isolated subnets (`PRIVATE_ISOLATED`: no route to the internet, not even through NAT) for the
   * data tier: databases and caches live there, reachable only from security groups inside the VPC.
   * @default false - no isolated subnets (the template is the same as before this option existed)
   */
  readonly isolatedSubnets?: boolean;
  /**
   * An existing VPC to import by id instead of creating one (`cidr` and `natGateways` are then unused). Offline:
   * its subnets, zones and NAT addresses come from the configuration, never from a lookup.
   * @default - a new VPC
   */
  readonly existing?: ExistingVpcConfig;
}

/** CDK's custom resource provider behind `restrictDefaultSecurityGroup`, a child of the stack. */
const RESTRICT_DEFAULT_SG_PROVIDER = 'Custom::VpcRestrictDefaultSGCustomResourceProvider';

/**
 * VPC with public subnets for the load balancer and NAT gateways only, private subnets for tasks and
 * the hook, optional isolated subnets for the data tier, and flow logs. The NAT gateways get Elastic IPs made here so the load balancer's test
 * listener can admit exactly them: the hook reaches the internet-facing ALB through NAT (FACTS). Or, with
 * `existing`, an existing VPC imported with the same subnet roles, its NAT addresses from the configuration, and a
 * flow log unless it has its own.
 */
export class Network extends Construct {
  readonly vpc: ec2.IVpc;
  /** Public addresses of the NAT gateways, as CIDRs (`x.x.x.x/32`). */
  readonly natEgressCidrs: string[];
  /** The isolated subnets (no internet route), or undefined when `isolatedSubnets` was not asked for. */
  readonly isolatedSubnets?: ec2.SubnetSelection;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    if (props.existing) {
      this.vpc = importVpc(this, props.existing, props.availabilityZones);
      this.natEgressCidrs = [...props.existing.natEgressCidrs];
      if (props.isolatedSubnets) this.isolatedSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };
      // Its own flow log stays the only one when the configuration says it has one.
      if (props.existing.flowLogs === 'add') this.addFlowLog(props);
      return;
    }
    const natGateways = props.natGateways ?? props.availabilityZones.length;
    const eips = Array.from(
      { length: natGateways },
      (_, i) => new ec2.CfnEIP(this, `NatAddress${i + 1}`, { domain: 'vpc' }),
    );
    this.natEgressCidrs = eips.map((eip) => `${eip.attrPublicIp}/32`);

    const vpc = new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(props.cidr),
      availabilityZones: [...props.availabilityZones],
      natGateways,
      natGatewayProvider: ec2.NatProvider.gateway({ eipAllocationIds: eips.map((eip) => eip.attrAllocationId) }),
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
        ...(props.isolatedSubnets
          ? [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 }]
          : []),
      ],
      restrictDefaultSecurityGroup: true,
    });

    this.vpc = vpc;
    if (props.isolatedSubnets) this.isolatedSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

    this.addFlowLog(props);
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason:
        'Availability zones come from the configuration on purpose: looking them up needs AWS credentials at synth.',
    });
    // restrictDefaultSecurityGroup adds one provider function per stack, beside this construct.
    const provider = Stack.of(this).node.tryFindChild(RESTRICT_DEFAULT_SG_PROVIDER);
    if (!provider) throw new Error(`Network: expected CDK's ${RESTRICT_DEFAULT_SG_PROVIDER} beside the VPC`);
    acknowledgeGuardRule(
      provider,
      'lambda_inside_vpc_check',
      'CDK runs this function once per deployment to strip the default security group of the VPC it belongs to; ' +
        'it calls only the EC2 API and needs no network of the VPC.',
    );
  }

  /** Flow logs of the whole VPC to an encrypted log group (same construct ids for a created or imported VPC). */
  private addFlowLog(props: NetworkProps): void {
    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    new ec2.FlowLog(this.vpc, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(this.vpc),
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
    });
  }
}

/**
 * The configured VPC as CDK's attributes: `fromVpcAttributes` pairs the i-th subnet of a role with the i-th zone, so
 * each role's subnets go in the order of the environment's zones (validation made it one subnet per zone).
 */
function importVpc(scope: Construct, vpc: ExistingVpcConfig, availabilityZones: readonly string[]): ec2.IVpc {
  const role = (name: SubnetRole) => {
    const subnets = subnetsInZoneOrder(vpc, name, availabilityZones);
    if (subnets.length === 0) return { ids: undefined, routeTables: undefined };
    const routeTables = subnets.map((s) => s.routeTableId);
    return {
      ids: subnets.map((s) => s.id),
      // All or none: CDK pairs route tables with subnets by position.
      routeTables: routeTables.every((id) => id !== undefined) ? (routeTables as string[]) : undefined,
    };
  };
  const [publicSubnets, privateSubnets, isolatedSubnets] = [
    role('publicSubnets'),
    role('privateSubnets'),
    role('isolatedSubnets'),
  ];
  return ec2.Vpc.fromVpcAttributes(scope, 'Vpc', {
    vpcId: vpc.id,
    vpcCidrBlock: vpc.cidr,
    availabilityZones: [...availabilityZones],
    publicSubnetIds: publicSubnets.ids,
    publicSubnetRouteTableIds: publicSubnets.routeTables,
    privateSubnetIds: privateSubnets.ids,
    privateSubnetRouteTableIds: privateSubnets.routeTables,
    isolatedSubnetIds: isolatedSubnets.ids,
    isolatedSubnetRouteTableIds: isolatedSubnets.routeTables,
  });
}
