import * as ec2 from 'aws-cdk-lib/aws-ec2';

/** The production certificate of a load balancer, and whether this stack's own record points its name here. */
export interface ListenerCertificate {
  readonly arn: string;
  readonly domainName: string;
  readonly aliasedHere: boolean;
}

/**
 * The certificate the test listener serves: the production one only where this stack's record points its name at the
 * load balancer, so the hooks and the suite can call green by that name.
 */
export function testListenerCertificate(certificate: ListenerCertificate | undefined): ListenerCertificate | undefined {
  return certificate?.aliasedHere ? certificate : undefined;
}

/** Where the hooks and the integration suite reach green: by the certificate's name over TLS, else the DNS name. */
export function testListenerUrl(certificate: ListenerCertificate | undefined, dns: string, port: number): string {
  return certificate ? `https://${certificate.domainName}:${port}` : `http://${dns}:${port}`;
}

/** Lets the test listener's sources (the NAT gateways, operators) in on its port, and nothing else. */
export function admitTestListenerSources(group: ec2.SecurityGroup, sources: readonly string[], port: number): void {
  sources.forEach((cidr) => group.addIngressRule(ec2.Peer.ipv4(cidr), ec2.Port.tcp(port), 'Test listener'));
}
