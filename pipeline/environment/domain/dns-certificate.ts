import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as route53 from 'aws-cdk-lib/aws-route53';
import type { Construct } from 'constructs';
import { isInZone } from '../../../model/config/domain-schema';

export interface DnsCertificateProps {
  /** The name the certificate covers. */
  readonly domainName: string;
  /** The zone that holds `domainName`; ACM's validation record is written there. */
  readonly zone: route53.IHostedZone;
}

/**
 * An ACM certificate validated by DNS in `zone`, in the region of the stack it is created in: the
 * environment's region for a load balancer, us-east-1 (see CertificateStack) for CloudFront.
 * CloudFormation waits until ACM has issued it, so whatever uses it deploys after validation.
 */
export function dnsCertificate(scope: Construct, id: string, props: DnsCertificateProps): acm.Certificate {
  if (!isInZone(props.domainName, props.zone.zoneName)) {
    throw new Error(`${scope.node.path}/${id}: ${props.domainName} is not in the hosted zone ${props.zone.zoneName}`);
  }
  return new acm.Certificate(scope, id, {
    domainName: props.domainName,
    validation: acm.CertificateValidation.fromDns(props.zone),
  });
}
