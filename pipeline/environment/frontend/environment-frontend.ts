import { Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { pipelineRolePrincipal } from '../access/pipeline-role-principal';
import type { EnvironmentConfig, FrontendConfig } from '../../../model/config';
import type { EnvironmentNames } from '../../../model/naming';
import { acknowledgeWildcards } from '../../policy/acknowledge';
import { DistributionAlias } from '../domain/alias-records';
import { CLOUDFRONT_CERTIFICATE_REGION } from '../domain/certificate-stack';
import { dnsCertificate } from '../domain/dns-certificate';
import type { ServiceDomain } from '../domain/service-domain';
import { loadBalancerOf } from '../load-balancing/load-balancer-of';
import type { WebServiceResources } from '../services/web-service';
import { type ApiOrigin, FrontendSite } from './frontend-site';

export interface EnvironmentFrontendProps {
  readonly names: EnvironmentNames;
  readonly frontend: FrontendConfig;
  /** The web service `frontend.apiPathPattern` is routed to. */
  readonly api: WebServiceResources;
  /** The environment's domain, when it has one: the frontend's name and its alias record live in its zone. @default - no domain: CloudFront's own name */
  readonly domain?: ServiceDomain;
  /**
   * The frontend's certificate in us-east-1, made by the stage's CertificateStack.
   * @default - `domain.frontendCertificateArn`, or a new certificate here when this stack is in us-east-1
   */
  readonly certificate?: acm.ICertificate;
  /** The account (release account for a protected environment) and region of the pipeline whose PublishFrontend step assumes the publisher role. */
  readonly pipelineAccount: string;
  readonly pipelineRegion: string;
}

/**
 * An environment's frontend: the FrontendSite with the API path routed to the chosen web service (over HTTPS by
 * the service's name when it has a certificate), the frontend's name and alias record when the domain gives one,
 * and the publisher role the pipeline's PublishFrontend step assumes. The site's outputs (bucket, distribution id,
 * URL) are what that step reads.
 */
export class EnvironmentFrontend extends Construct {
  readonly site: FrontendSite;
  readonly publisherRole: iam.Role;

  constructor(scope: Construct, id: string, props: EnvironmentFrontendProps) {
    super(scope, id);
    const frontendName = props.domain?.domain.frontendName;
    this.site = new FrontendSite(this, 'Site', {
      api: apiOrigin(props.api),
      apiPathPattern: props.frontend.apiPathPattern,
      spaFallback: props.frontend.spaFallback,
      domainName: frontendName,
      certificate: frontendName ? (props.certificate ?? this.ownCertificate(props.domain!, frontendName)) : undefined,
    });
    if (props.domain && frontendName) {
      new DistributionAlias(this, 'Alias', {
        zone: props.domain.zone,
        recordName: frontendName,
        distribution: this.site.distribution,
      });
    }

    this.publisherRole = new iam.Role(this, 'Publisher', {
      roleName: props.names.frontendPublisherRole,
      description: "Lets the pipeline's PublishFrontend step upload the frontend and invalidate its distribution",
      assumedBy: pipelineRolePrincipal(props.pipelineAccount, props.pipelineRegion, props.names.frontendPublishRole),
    });
    this.site.grantPublish(this.publisherRole);
    acknowledgeWildcards(
      this.publisherRole,
      "The grant shapes of aws-s3 on this site's bucket only: the publisher lists, reads, writes and deletes any " +
        'object of it (uploads, the release manifests, pruning of old releases), and nothing else.',
      [
        ...['s3:Abort*', 's3:DeleteObject*', 's3:GetBucket*', 's3:GetObject*', 's3:List*'].map((action) => ({
          action,
        })),
        { resource: `${this.site.bucket.bucketArn}/*` },
      ],
    );
  }

  /** A given us-east-1 certificate, or one made here when the environment itself is in us-east-1. */
  private ownCertificate(domain: ServiceDomain, frontendName: string): acm.ICertificate {
    const arn = domain.domain.frontendCertificateArn;
    if (arn !== undefined) return acm.Certificate.fromCertificateArn(this, 'Certificate', arn);
    if (Stack.of(this).region !== CLOUDFRONT_CERTIFICATE_REGION) {
      throw new Error(
        `${this.node.path}: the certificate of ${frontendName} must come from us-east-1: give domain.frontendCertificateArn ` +
          'or pass the CertificateStack certificate',
      );
    }
    return dnsCertificate(this, 'Certificate', { domainName: frontendName, zone: domain.zone });
  }
}

/** True when the environment's frontend needs a certificate made in a us-east-1 stack of its own. */
export function needsCertificateStack(environment: EnvironmentConfig, frontend: FrontendConfig | undefined): boolean {
  const domain = environment.domain;
  return (
    frontend !== undefined &&
    domain?.frontendName !== undefined &&
    domain.frontendCertificateArn === undefined &&
    environment.region !== CLOUDFRONT_CERTIFICATE_REGION
  );
}

/**
 * HTTPS by the service's own name when its listener serves a certificate for it (the production URL is then
 * `https://<name>`); otherwise the load balancer's DNS name over HTTP, which FrontendSite warns about.
 */
function apiOrigin(api: WebServiceResources): ApiOrigin {
  const https = 'https://';
  if (api.url.startsWith(https)) return { domainName: api.url.slice(https.length), protocol: 'https' };
  return { domainName: loadBalancerOf(api.traffic).loadBalancerDnsName, protocol: 'http' };
}
