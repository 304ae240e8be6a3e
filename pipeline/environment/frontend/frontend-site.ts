import { Annotations, Arn, ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import type * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { accessLogBucket } from '../../access-log-bucket';
import { acknowledgeGuardRule, acknowledgeNagRule } from '../../policy/acknowledge';
import { cloudFrontLogBucket } from './cloudfront-log-bucket';
import { DEFAULT_CONTENT_SECURITY_POLICY, securityHeadersPolicy } from './security-headers';
import { spaFallbackFunction } from './spa-fallback';

/** The web service the API path pattern is routed to. */
export interface ApiOrigin {
  /** Its host name: the load balancer's DNS name, or the service's own name when it has a certificate. */
  readonly domainName: string;
  /** 'https' when the load balancer serves a certificate for `domainName`; 'http' sends the origin leg in clear text. */
  readonly protocol: 'https' | 'http';
}

export interface FrontendSiteProps {
  /** Where requests matching `apiPathPattern` go, on the same origin as the page. */
  readonly api: ApiOrigin;
  /** CloudFront path pattern of the API. @default '/api/*' */
  readonly apiPathPattern?: string;
  /** Serve index.html for extension-less paths of the S3 behavior. @default true */
  readonly spaFallback?: boolean;
  /** Custom name of the site. @default - none: the distribution's cloudfront.net name */
  readonly domainName?: string;
  /**
   * Certificate for `domainName`, in us-east-1 (CloudFront reads certificates only there). Required with `domainName`.
   * @default - none: CloudFront's own certificate for its cloudfront.net name
   */
  readonly certificate?: acm.ICertificate;
  /** Content-Security-Policy header. @default DEFAULT_CONTENT_SECURITY_POLICY (same origin only) */
  readonly contentSecurityPolicy?: string;
  /** Days S3 and CloudFront access logs are kept. @default 90 */
  readonly logRetentionDays?: number;
  /** Price class of the distribution. @default PRICE_CLASS_100 */
  readonly priceClass?: cloudfront.PriceClass;
}

/**
 * A single-page app's site: a private, versioned, TLS-only bucket read by CloudFront through Origin
 * Access Control, HTTPS-only viewers (redirect), TLS 1.2 minimum with a custom certificate, security
 * headers, compression, access logs, the API path routed uncached to the web service, and an SPA
 * fallback that leaves API responses alone. Files reach the bucket through `bluegreen frontend publish`.
 *
 * The bucket is encrypted with SSE-S3, not SSE-KMS: its content is public by nature (anyone can fetch it
 * through the distribution), read access is already limited by the bucket policy to this distribution's
 * exact ARN, and a KMS key policy could only name every distribution of the account (naming this one is
 * a circular dependency key → distribution → bucket → key), while costing a KMS call per uncached read
 * and key grants for the cross-account publisher.
 */
export class FrontendSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  /** The site's https URL: the custom name, or the cloudfront.net name. */
  readonly url: string;
  readonly bucketNameOutput: CfnOutput;
  readonly distributionIdOutput: CfnOutput;
  readonly urlOutput: CfnOutput;

  constructor(scope: Construct, id: string, props: FrontendSiteProps) {
    super(scope, id);
    const apiPathPattern = props.apiPathPattern ?? '/api/*';
    validate(this, props, apiPathPattern);
    const logRetentionDays = props.logRetentionDays ?? 90;

    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogBucket(this, 'BucketAccessLogs', {
        retentionDays: logRetentionDays,
        source: 'S3 server',
      }),
      // Releases are pruned by the publisher; old versions of overwritten files only need to outlive a rollback.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    acknowledgeGuardRule(
      this.bucket,
      's3_bucket_default_encryption_kms_check',
      'Public site content behind CloudFront OAC: the bucket policy admits only this distribution; SSE-KMS would add a key policy open to every distribution of the account (see FrontendSite).',
    );

    const headers = securityHeadersPolicy(
      this,
      'SecurityHeaders',
      props.contentSecurityPolicy ?? DEFAULT_CONTENT_SECURITY_POLICY,
    );
    const fallback = (props.spaFallback ?? true) ? spaFallbackFunction(this, 'SpaFallback') : undefined;
    const https = props.api.protocol === 'https';

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Frontend of ${Stack.of(this).stackName}`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      ...(props.domainName && props.certificate
        ? {
            domainNames: [props.domainName],
            certificate: props.certificate,
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            sslSupportMethod: cloudfront.SSLMethod.SNI,
          }
        : {}),
      enableLogging: true,
      logBucket: cloudFrontLogBucket(this, 'DistributionLogs', logRetentionDays),
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: headers,
        compress: true,
        ...(fallback
          ? { functionAssociations: [{ function: fallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }] }
          : {}),
      },
      additionalBehaviors: {
        [apiPathPattern]: {
          origin: new origins.HttpOrigin(props.api.domainName, {
            protocolPolicy: https
              ? cloudfront.OriginProtocolPolicy.HTTPS_ONLY
              : cloudfront.OriginProtocolPolicy.HTTP_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: headers,
          compress: true,
        },
      },
    });
    this.acknowledgeDistribution(props, https);

    this.url = `https://${props.domainName ?? this.distribution.distributionDomainName}`;
    this.bucketNameOutput = new CfnOutput(this, 'BucketName', { value: this.bucket.bucketName });
    this.distributionIdOutput = new CfnOutput(this, 'DistributionId', { value: this.distribution.distributionId });
    this.urlOutput = new CfnOutput(this, 'Url', { value: this.url });
  }

  /**
   * What `bluegreen frontend publish` needs: list, read, write and delete objects of the bucket, and
   * invalidate this distribution.
   */
  grantPublish(grantee: iam.IGrantable): void {
    this.bucket.grantReadWrite(grantee);
    this.bucket.grantDelete(grantee);
    this.distribution.grantCreateInvalidation(grantee);
  }

  private acknowledgeDistribution(props: FrontendSiteProps, https: boolean): void {
    const distribution = this.distribution;
    acknowledgeNagRule(distribution, 'AwsSolutions-CFR1', 'A public website: no geo restriction by design.');
    acknowledgeNagRule(
      distribution,
      'AwsSolutions-CFR2',
      'No AWS WAF web ACL yet: attaching one is an account-level decision (cost, rules) outside this construct.',
    );
    acknowledgeGuardRule(
      distribution,
      'cloudfront_origin_failover_enabled_check',
      'One bucket in one region per environment: no second origin to fail over to.',
    );
    if (!props.certificate) {
      const reason =
        'No custom name: the distribution serves the default *.cloudfront.net certificate, whose TLS policy CloudFront fixes. Set a frontend name with a us-east-1 certificate to enforce TLS 1.2.';
      acknowledgeNagRule(distribution, 'AwsSolutions-CFR4', reason);
      acknowledgeGuardRule(distribution, 'cloudfront_custom_ssl_certificate_check', reason);
      acknowledgeGuardRule(distribution, 'cloudfront_sni_enabled_check', reason);
      acknowledgeGuardRule(distribution, 'cloudfront_security_policy_check', reason);
    }
    if (props.certificate && Stack.of(props.certificate) !== Stack.of(this)) {
      // From CertificateStack in us-east-1: the template reads the ARN with Fn::GetStackOutput, which the
      // Control Tower rules do not resolve, so they see no ARN. The viewer certificate is still set.
      const reason =
        'The us-east-1 certificate comes from another stack through Fn::GetStackOutput, which cfn-guard does not resolve; AcmCertificateArn, sni-only and TLSv1.2_2021 are set (test/pipeline/environment/domain/certificate-stack.test.ts).';
      acknowledgeGuardRule(distribution, 'cloudfront_custom_ssl_certificate_check', reason);
      acknowledgeGuardRule(distribution, 'cloudfront_sni_enabled_check', reason);
    }
    if (!https) {
      Annotations.of(this).addWarningV2(
        'bluegreen:frontendApiOverHttp',
        `The API origin ${props.api.domainName} is reached over HTTP between CloudFront and the load balancer; give the service a domain and certificate to encrypt that leg.`,
      );
      const clear =
        'The web service has no certificate yet: CloudFront reaches its load balancer over HTTP (a synth warning says so); browsers still see HTTPS only.';
      acknowledgeGuardRule(distribution, 'cloudfront_traffic_to_origin_encrypted_check', clear);
      acknowledgeNagRule(distribution, 'AwsSolutions-CFR5', clear);
    }
  }
}

function validate(scope: Construct, props: FrontendSiteProps, apiPathPattern: string): void {
  if ((props.domainName === undefined) !== (props.certificate === undefined)) {
    throw new Error(
      `FrontendSite ${scope.node.path}: domainName and certificate go together (got ${props.domainName ? 'domainName' : 'certificate'} alone)`,
    );
  }
  // An imported certificate carries its region in its ARN; one created in another stack, in its environment.
  const arn = props.certificate?.certificateArn;
  const region =
    arn !== undefined && !Token.isUnresolved(arn)
      ? Arn.split(arn, ArnFormat.SLASH_RESOURCE_NAME).region
      : props.certificate?.env.region;
  if (region !== undefined && !Token.isUnresolved(region) && region !== 'us-east-1') {
    throw new Error(
      `FrontendSite ${scope.node.path}: the certificate is in ${region}; CloudFront reads certificates only from us-east-1`,
    );
  }
  if (!/^\/\S*$/.test(apiPathPattern) || apiPathPattern === '/*') {
    throw new Error(
      `FrontendSite ${scope.node.path}: apiPathPattern '${apiPathPattern}' must start with '/' and must not be '/*'`,
    );
  }
}
