import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { accessLogBucket } from '../../access-log-bucket';
import { acknowledgeGuardRule, acknowledgeNagRule } from '../../policy/acknowledge';
import {
  admitTestListenerSources,
  testListenerCertificate,
  testListenerUrl,
  type ListenerCertificate,
} from './test-listener';

/** What CodeDeploy and the service need of a blue/green load balancer, whichever kind it is. */
export interface BlueGreenTraffic {
  readonly productionListener: elbv2.IListener | elbv2.INetworkListener;
  readonly testListener: elbv2.IListener | elbv2.INetworkListener;
  readonly blueTargetGroup: elbv2.ITargetGroup;
  readonly greenTargetGroup: elbv2.ITargetGroup;
  /** Admitted by the service's tasks on the container port. */
  readonly securityGroup: ec2.ISecurityGroup;
  readonly productionUrl: string;
  readonly testUrl: string;
}

/** What a blue/green load balancer of either kind (ALB or NLB) is built from. */
export interface BlueGreenBalancerProps {
  readonly vpc: ec2.IVpc;
  /** Internet-facing in the public subnets, or internal in the private ones. @default true */
  readonly internetFacing?: boolean;
  readonly containerPort: number;
  readonly testListenerPort: number;
  /** Sources allowed on the test listener: the NAT gateways' addresses and operator networks. */
  readonly testListenerSources: readonly string[];
  /**
   * HTTPS (ALB) or TLS (NLB) on the production listener for `domainName`, which the certificate covers; on the test
   * listener too where `aliasedHere` (this stack's own record points `domainName` at this load balancer, so the hooks
   * reach green by that name; a record made by hand may point at a CDN that serves no test port).
   * @default - HTTP (ALB) or TCP (NLB) only, on port 80
   */
  readonly certificate?: ListenerCertificate;
  /** Days the access logs are kept. */
  readonly accessLogDays: number;
}

export interface BlueGreenLoadBalancerProps extends BlueGreenBalancerProps {
  readonly healthCheckPath: string;
}

/**
 * Internet-facing ALB with a production listener, a separate test listener that the internet cannot
 * reach, and the blue and green IP target groups that CodeDeploy swaps between. Deletion protection is on:
 * deleting the environment's stack stops at the load balancer until someone switches it off on purpose.
 */
export class BlueGreenLoadBalancer extends Construct implements BlueGreenTraffic {
  readonly securityGroup: ec2.SecurityGroup;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly productionListener: elbv2.ApplicationListener;
  readonly testListener: elbv2.ApplicationListener;
  readonly blueTargetGroup: elbv2.ApplicationTargetGroup;
  readonly greenTargetGroup: elbv2.ApplicationTargetGroup;
  readonly productionUrl: string;
  readonly testUrl: string;

  constructor(scope: Construct, id: string, props: BlueGreenLoadBalancerProps) {
    super(scope, id);
    const internetFacing = props.internetFacing ?? true;
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Load balancer: production listener from anywhere, test listener from the VPC NAT and operators',
      allowAllOutbound: false,
    });
    this.securityGroup = securityGroup;
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing,
      securityGroup,
      vpcSubnets: { subnetType: internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
      dropInvalidHeaderFields: true,
      deletionProtection: true,
    });
    this.loadBalancer.logAccessLogs(
      accessLogBucket(this, 'AccessLogs', { retentionDays: props.accessLogDays, source: 'load balancer' }),
    );
    if (internetFacing) {
      acknowledgeNagRule(
        securityGroup,
        'AwsSolutions-EC23',
        'The production listener serves the public internet; the test listener admits only the NAT gateways and ' +
          'operators.',
      );
    }

    this.blueTargetGroup = this.targetGroup('Blue', props);
    this.greenTargetGroup = this.targetGroup('Green', props);
    const dns = this.loadBalancer.loadBalancerDnsName;

    if (props.certificate) {
      this.productionListener = this.loadBalancer.addListener('Production', {
        port: 443,
        protocol: elbv2.ApplicationProtocol.HTTPS,
        certificates: [elbv2.ListenerCertificate.fromArn(props.certificate.arn)],
        sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
        defaultTargetGroups: [this.blueTargetGroup],
        open: internetFacing,
      });
      this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
      // The certificate covers the configured name, not the load balancer's generated one.
      this.productionUrl = `https://${props.certificate.domainName}`;
    } else {
      this.productionListener = this.loadBalancer.addListener('Production', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        defaultTargetGroups: [this.blueTargetGroup],
        open: internetFacing,
      });
      this.productionUrl = `http://${dns}`;
      acknowledgeGuardRule(
        this.productionListener,
        'alb_http_to_https_redirection_check',
        'This environment configures no certificateArn; with one, production is HTTPS and port 80 redirects to it.',
      );
    }

    if (!internetFacing) {
      // An internal load balancer serves the VPC: the other services, and nothing outside it.
      securityGroup.addIngressRule(ec2.Peer.ipv4(props.vpc.vpcCidrBlock), ec2.Port.tcp(props.certificate ? 443 : 80));
    }
    // open: false keeps CDK from admitting 0.0.0.0/0 on the test port; the sources are added below. With a
    // certificate whose name this stack points here, the test listener is HTTPS like production, called by that name.
    const certificate = testListenerCertificate(props.certificate);
    this.testListener = this.loadBalancer.addListener('Test', {
      port: props.testListenerPort,
      ...(certificate
        ? {
            protocol: elbv2.ApplicationProtocol.HTTPS,
            certificates: [elbv2.ListenerCertificate.fromArn(certificate.arn)],
            sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
          }
        : { protocol: elbv2.ApplicationProtocol.HTTP }),
      open: false,
      defaultTargetGroups: [this.greenTargetGroup],
    });
    admitTestListenerSources(securityGroup, props.testListenerSources, props.testListenerPort);
    this.testUrl = testListenerUrl(certificate, dns, props.testListenerPort);
    if (!certificate) {
      acknowledgeGuardRule(
        this.testListener,
        'alb_http_to_https_redirection_check',
        'Without a certificate whose name this stack points at the load balancer (a domain: block), the hooks reach ' +
          'green only by its DNS name, which no certificate covers: the test listener admits only the NAT gateways ' +
          'and operators and carries synthetic checks.',
      );
    }
  }

  private targetGroup(color: 'Blue' | 'Green', props: BlueGreenLoadBalancerProps): elbv2.ApplicationTargetGroup {
    return new elbv2.ApplicationTargetGroup(this, color, {
      vpc: props.vpc,
      targetType: elbv2.TargetType.IP,
      port: props.containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      deregistrationDelay: Duration.seconds(30),
      healthCheck: {
        path: props.healthCheckPath,
        healthyHttpCodes: '200-299',
        interval: Duration.seconds(10),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });
  }
}
