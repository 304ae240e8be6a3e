import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { accessLogBucket } from '../access-log-bucket';
import { acknowledgeGuardRule, acknowledgeNagRule } from '../policy/acknowledge';

export interface BlueGreenLoadBalancerProps {
  readonly vpc: ec2.IVpc;
  readonly containerPort: number;
  readonly healthCheckPath: string;
  readonly testListenerPort: number;
  /** Sources allowed on the test listener: the NAT gateways' addresses and operator networks. */
  readonly testListenerSources: readonly string[];
  /** HTTPS on the production listener for `domainName`, which the certificate covers. @default - HTTP only on port 80 */
  readonly certificate?: { readonly arn: string; readonly domainName: string };
  /** Days the access logs are kept. */
  readonly accessLogDays: number;
}

/**
 * Internet-facing ALB with a production listener, a separate test listener that the internet cannot
 * reach, and the blue and green IP target groups that CodeDeploy swaps between. Deletion protection is on:
 * deleting the environment's stack stops at the load balancer until someone switches it off on purpose.
 */
export class BlueGreenLoadBalancer extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly productionListener: elbv2.ApplicationListener;
  readonly testListener: elbv2.ApplicationListener;
  readonly blueTargetGroup: elbv2.ApplicationTargetGroup;
  readonly greenTargetGroup: elbv2.ApplicationTargetGroup;
  readonly productionUrl: string;
  readonly testUrl: string;

  constructor(scope: Construct, id: string, props: BlueGreenLoadBalancerProps) {
    super(scope, id);
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: 'Load balancer: production listener from anywhere, test listener from the VPC NAT and operators',
      allowAllOutbound: false,
    });
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing: true,
      securityGroup,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
      deletionProtection: true,
    });
    this.loadBalancer.logAccessLogs(
      accessLogBucket(this, 'AccessLogs', { retentionDays: props.accessLogDays, source: 'load balancer' }),
    );
    acknowledgeNagRule(
      securityGroup,
      'AwsSolutions-EC23',
      'The production listener serves the public internet; the test listener admits only the NAT gateways and operators.',
    );

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
      });
      this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
      // The certificate covers the configured name, not the load balancer's generated one.
      this.productionUrl = `https://${props.certificate.domainName}`;
    } else {
      this.productionListener = this.loadBalancer.addListener('Production', {
        port: 80,
        protocol: elbv2.ApplicationProtocol.HTTP,
        defaultTargetGroups: [this.blueTargetGroup],
      });
      this.productionUrl = `http://${dns}`;
      acknowledgeGuardRule(
        this.productionListener,
        'alb_http_to_https_redirection_check',
        'This environment configures no certificateArn; with one, production is HTTPS and port 80 redirects to it.',
      );
    }

    // open: false keeps CDK from admitting 0.0.0.0/0 on the test port; the sources are added below.
    this.testListener = this.loadBalancer.addListener('Test', {
      port: props.testListenerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultTargetGroups: [this.greenTargetGroup],
    });
    props.testListenerSources.forEach((cidr) =>
      securityGroup.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(props.testListenerPort), 'Test listener'),
    );
    this.testUrl = `http://${dns}:${props.testListenerPort}`;
    acknowledgeGuardRule(
      this.testListener,
      'alb_http_to_https_redirection_check',
      'The test listener admits only the NAT gateways and operators and carries synthetic checks; the hook calls it ' +
        'by the load balancer DNS name, for which no certificate exists.',
    );
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
