import type * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { DelegatedZone } from './delegated-zone';
import type { DomainConfig, EnvironmentConfig } from '../../../model/config';
import { LoadBalancerAlias } from './alias-records';
import { dnsCertificate } from './dns-certificate';
import { importHostedZone } from './hosted-zone';

/**
 * An environment's `domain:` block in its regional stack: the imported hosted zone (or, with `domain.delegation`, a
 * subdomain zone of this account delegated from it), the web service's certificate
 * (`domain.certificateArn`, or a new one validated by DNS in the environment's region) and the service's alias
 * record. `applyTo` hands the certificate and `serviceName` to the web services exactly as `certificateArn` and
 * `domainName` would, so their listeners serve HTTPS (TLS on an NLB) and redirect HTTP as they always have.
 */
export class ServiceDomain extends Construct {
  readonly zone: route53.IHostedZone;
  readonly certificateArn: string;

  constructor(
    scope: Construct,
    id: string,
    readonly domain: DomainConfig,
  ) {
    super(scope, id);
    // A zone of another account: records go into a subdomain zone of this account, delegated from it.
    const delegated =
      domain.delegation && new DelegatedZone(this, 'Delegated', { parent: domain, ...domain.delegation });
    this.zone = delegated ? delegated.zone : importHostedZone(this, 'Zone', domain);
    if (domain.certificateArn) {
      this.certificateArn = domain.certificateArn;
      return;
    }
    const certificate = dnsCertificate(this, 'ServiceCertificate', { domainName: domain.serviceName, zone: this.zone });
    // ACM validates through public DNS: the subdomain must be delegated before the certificate waits for it.
    if (delegated) certificate.node.addDependency(delegated.delegation);
    this.certificateArn = certificate.certificateArn;
  }

  /** The environment as its web services see it: HTTPS with this certificate for `serviceName`. */
  applyTo(environment: EnvironmentConfig): EnvironmentConfig {
    return { ...environment, certificateArn: this.certificateArn, domainName: this.domain.serviceName };
  }

  /** The alias record of `serviceName`, pointing at the load balancer of the web service that answers on it. */
  aliasService(loadBalancer: elbv2.ILoadBalancerV2): LoadBalancerAlias {
    return new LoadBalancerAlias(this, 'ServiceAlias', {
      zone: this.zone,
      recordName: this.domain.serviceName,
      loadBalancer,
    });
  }
}
