import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type { Construct } from 'constructs';
import { dnsCertificate } from './dns-certificate';
import { importHostedZone, type HostedZoneRef } from './hosted-zone';

/** CloudFront reads certificates only from this region, whatever region the site is in. */
export const CLOUDFRONT_CERTIFICATE_REGION = 'us-east-1';

export interface CertificateStackProps extends Omit<StackProps, 'env' | 'crossRegionReferences'> {
  /** The environment's account (the certificate lives in the same account as the distribution). */
  readonly account: string;
  readonly zone: HostedZoneRef;
  /** The frontend's name, in the zone. */
  readonly domainName: string;
}

/**
 * The frontend's certificate in us-east-1, created by the environment's stage beside its regional
 * stack. The regional stack uses `certificate` directly: both stacks set `crossRegionReferences`, so
 * CDK hands the ARN over through an SSM parameter it writes in the consumer's region (a custom resource
 * in each stack) and orders this stack first. That works inside a Stage of CDK Pipelines because the
 * pipeline deploys the stage's stacks in dependency order, each in its own region; the environment
 * account must be bootstrapped in us-east-1 too. The alternative, an ARN from config
 * (`domain.frontendCertificateArn`), needs neither this stack nor the hand-off.
 */
export class CertificateStack extends Stack {
  readonly certificate: acm.ICertificate;

  constructor(scope: Construct, id: string, props: CertificateStackProps) {
    super(scope, id, {
      ...props,
      env: { account: props.account, region: CLOUDFRONT_CERTIFICATE_REGION },
      crossRegionReferences: true,
    });
    const zone = importHostedZone(this, 'Zone', props.zone);
    this.certificate = dnsCertificate(this, 'FrontendCertificate', { domainName: props.domainName, zone });
  }
}
