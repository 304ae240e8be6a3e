import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
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
}

/** CDK's custom resource provider behind `restrictDefaultSecurityGroup`, a child of the stack. */
const RESTRICT_DEFAULT_SG_PROVIDER = 'Custom::VpcRestrictDefaultSGCustomResourceProvider';

/**
 * VPC with public subnets for the load balancer and NAT gateways only, private subnets for tasks and
 * the hook, optional isolated subnets for the data tier, and flow logs. The NAT gateways get Elastic IPs made here so the load balancer's test
 * listener can admit exactly them: the hook reaches the internet-facing ALB through NAT (FACTS).
 */
export class Network extends Construct {
  readonly vpc: ec2.Vpc;
  /** Public addresses of the NAT gateways, as CIDRs (`x.x.x.x/32`). */
  readonly natEgressCidrs: string[];
  /** The isolated subnets (no internet route), or undefined when `isolatedSubnets` was not asked for. */
  readonly isolatedSubnets?: ec2.SubnetSelection;

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const natGateways = props.natGateways ?? props.availabilityZones.length;
    const eips = Array.from(
      { length: natGateways },
      (_, i) => new ec2.CfnEIP(this, `NatAddress${i + 1}`, { domain: 'vpc' }),
    );
    this.natEgressCidrs = eips.map((eip) => `${eip.attrPublicIp}/32`);

    this.vpc = new ec2.Vpc(this, 'Vpc', {
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

    if (props.isolatedSubnets) this.isolatedSubnets = { subnetType: ec2.SubnetType.PRIVATE_ISOLATED };

    const flowLogGroup = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.logRetention,
      encryptionKey: props.logKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
    });

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
}
