import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { accessLogBucket } from '../../access-log-bucket';
import { acknowledgeNagRule } from '../../policy/acknowledge';
import type { BlueGreenBalancerProps, BlueGreenTraffic } from './application-load-balancer';
import { admitTestListenerSources, testListenerCertificate, testListenerUrl } from './test-listener';

export interface BlueGreenNetworkLoadBalancerProps extends BlueGreenBalancerProps {
  /** HTTP health check path. @default - the target groups check TCP */
  readonly healthCheckPath?: string;
}

/**
 * A Network Load Balancer for blue/green: TCP (or TLS) production listener, a TCP test listener that the internet
 * cannot reach, and blue and green IP target groups that CodeDeploy swaps. Its security group is set at creation:
 * an NLB created without one can never get one.
 */
export class BlueGreenNetworkLoadBalancer extends Construct implements BlueGreenTraffic {
  readonly loadBalancer: elbv2.NetworkLoadBalancer;
  readonly securityGroup: ec2.SecurityGroup;
  readonly productionListener: elbv2.NetworkListener;
  readonly testListener: elbv2.NetworkListener;
  readonly blueTargetGroup: elbv2.NetworkTargetGroup;
  readonly greenTargetGroup: elbv2.NetworkTargetGroup;
  readonly productionUrl: string;
  readonly testUrl: string;

  constructor(scope: Construct, id: string, props: BlueGreenNetworkLoadBalancerProps) {
    super(scope, id);
    const internetFacing = props.internetFacing ?? true;
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Network load balancer: production port from its clients, test port from the NAT and operators',
      allowAllOutbound: false,
    });
    this.loadBalancer = new elbv2.NetworkLoadBalancer(this, 'Nlb', {
      vpc: props.vpc,
      internetFacing,
      securityGroups: [this.securityGroup],
      vpcSubnets: { subnetType: internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
      deletionProtection: true,
      crossZoneEnabled: true,
    });
    this.loadBalancer.logAccessLogs(
      accessLogBucket(this, 'AccessLogs', { retentionDays: props.accessLogDays, source: 'load balancer' }),
    );
    this.blueTargetGroup = this.targetGroup('Blue', props);
    this.greenTargetGroup = this.targetGroup('Green', props);
    const dns = this.loadBalancer.loadBalancerDnsName;

    const productionPort = props.certificate ? 443 : 80;
    this.productionListener = this.loadBalancer.addListener('Production', {
      port: productionPort,
      protocol: props.certificate ? elbv2.Protocol.TLS : elbv2.Protocol.TCP,
      certificates: props.certificate ? [elbv2.ListenerCertificate.fromArn(props.certificate.arn)] : undefined,
      sslPolicy: props.certificate ? elbv2.SslPolicy.RECOMMENDED_TLS : undefined,
      defaultTargetGroups: [this.blueTargetGroup],
    });
    this.productionUrl = props.certificate ? `https://${props.certificate.domainName}` : `http://${dns}`;
    const clients = internetFacing ? ec2.Peer.anyIpv4() : ec2.Peer.ipv4(props.vpc.vpcCidrBlock);
    this.securityGroup.addIngressRule(clients, ec2.Port.tcp(productionPort), 'Production listener');
    if (internetFacing) {
      acknowledgeNagRule(
        this.securityGroup,
        'AwsSolutions-EC23',
        'The production listener serves the public internet; the test listener admits only the NAT gateways and ' +
          'operators.',
      );
    } else {
      // cdk-nag's EC23 cannot evaluate a CIDR that is a token and reports an error instead of a verdict.
      acknowledgeNagRule(
        this.securityGroup,
        'AwsSolutions-EC23',
        "Internal load balancer: the production listener admits only the VPC's own CIDR (a token here), never " +
          '0.0.0.0/0; the test listener only the NAT gateways and operators.',
      );
    }

    // With a certificate whose name this stack points here, the test listener terminates TLS like production.
    const certificate = testListenerCertificate(props.certificate);
    this.testListener = this.loadBalancer.addListener('Test', {
      port: props.testListenerPort,
      protocol: certificate ? elbv2.Protocol.TLS : elbv2.Protocol.TCP,
      certificates: certificate ? [elbv2.ListenerCertificate.fromArn(certificate.arn)] : undefined,
      sslPolicy: certificate ? elbv2.SslPolicy.RECOMMENDED_TLS : undefined,
      defaultTargetGroups: [this.greenTargetGroup],
    });
    admitTestListenerSources(this.securityGroup, props.testListenerSources, props.testListenerPort);
    this.testUrl = testListenerUrl(certificate, dns, props.testListenerPort);
  }

  private targetGroup(color: 'Blue' | 'Green', props: BlueGreenNetworkLoadBalancerProps): elbv2.NetworkTargetGroup {
    return new elbv2.NetworkTargetGroup(this, color, {
      vpc: props.vpc,
      targetType: elbv2.TargetType.IP,
      port: props.containerPort,
      protocol: elbv2.Protocol.TCP,
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        protocol: props.healthCheckPath ? elbv2.Protocol.HTTP : elbv2.Protocol.TCP,
        path: props.healthCheckPath,
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });
  }
}
