import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as iam from 'aws-cdk-lib/aws-iam';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FrontendSite } from '../../../../pipeline/environment/frontend/frontend-site';
import { testApp } from '../../../support/test-app';
import {
  findingsOf,
  pluginReport,
  synthesizeWithPolicy,
  type PolicySynth,
  expectGatePasses,
  GUARD,
  guardTest,
  NAG,
} from '../../policy/support/policy-synth';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const EDGE_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

// GIVEN two sites in one app, synthesized once with both policy plugins: one on the cloudfront.net name
// calling its load balancer over HTTP, one on its own name with a us-east-1 certificate and an HTTPS API.
let synth: PolicySynth;
let plain: Template;
let named: Template;
beforeAll(() => {
  synth = synthesizeWithPolicy((app) => {
    const a = new Stack(app, 'PlainSite', { env: ENV });
    new FrontendSite(a, 'Site', { api: { domainName: 'shop-123.eu-west-1.elb.amazonaws.com', protocol: 'http' } });
    const b = new Stack(app, 'NamedSite', { env: ENV });
    new FrontendSite(b, 'Site', {
      api: { domainName: 'api.example.com', protocol: 'https' },
      apiPathPattern: '/v1/*',
      domainName: 'www.example.com',
      certificate: acm.Certificate.fromCertificateArn(b, 'Cert', EDGE_CERT),
    });
  });
  const template = (name: string) =>
    Template.fromJSON(JSON.parse(readFileSync(join(synth.outdir, `${name}.template.json`), 'utf8')));
  plain = template('PlainSite');
  named = template('NamedSite');
});
afterAll(() => synth.dispose());

test('cdk-nag AwsSolutions concludes success', () => {
  expectGatePasses(synth, NAG);
});

guardTest('the Control Tower guard rules conclude success', () => {
  expectGatePasses(synth, GUARD);
});

const suppressed = (name: string) =>
  findingsOf(pluginReport(synth.report, name).suppressedViolations ?? []).filter((f) => f.includes('NamedSite'));

test('cdk-nag findings are acknowledged on single constructs only, the HTTPS-to-origin ones only without a certificate', () => {
  expect(suppressed(NAG).sort()).toEqual([
    'AwsSolutions-CFR1 @ NamedSite/Site/Distribution/Resource',
    'AwsSolutions-CFR2 @ NamedSite/Site/Distribution/Resource',
    'AwsSolutions-S1 @ NamedSite/Site/DistributionLogs/Resource',
  ]);
});

guardTest('cfn-guard findings are acknowledged on single constructs only', () => {
  expect(suppressed(GUARD).sort()).toEqual([
    'cloudfront_origin_failover_enabled_check @ NamedSite/Site/Distribution/Resource',
    's3_bucket_default_encryption_kms_check @ NamedSite/Site/Bucket/Resource',
    's3_bucket_default_encryption_kms_check @ NamedSite/Site/BucketAccessLogs/Resource',
    's3_bucket_default_encryption_kms_check @ NamedSite/Site/DistributionLogs/Resource',
    's3_bucket_logging_enabled_check @ NamedSite/Site/BucketAccessLogs/Resource',
    's3_bucket_logging_enabled_check @ NamedSite/Site/DistributionLogs/Resource',
  ]);
});

test('the bucket is private, TLS only, versioned, logged, and readable only by its distribution (OAC)', () => {
  plain.hasResourceProperties('AWS::S3::Bucket', {
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    },
    VersioningConfiguration: { Status: 'Enabled' },
    LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
    BucketEncryption: {
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    },
  });
  plain.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
    OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
  });
  plain.hasResourceProperties('AWS::S3::BucketPolicy', {
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        Match.objectLike({
          Effect: 'Allow',
          Principal: { Service: 'cloudfront.amazonaws.com' },
          Action: 's3:GetObject',
          Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
        }),
      ]),
    },
  });
});

test('viewers: HTTPS only, compressed, security headers, logged, index.html as root', () => {
  plain.hasResourceProperties('AWS::CloudFront::Distribution', {
    DistributionConfig: Match.objectLike({
      DefaultRootObject: 'index.html',
      Logging: Match.objectLike({ Bucket: Match.anyValue(), Prefix: 'cloudfront/' }),
      DefaultCacheBehavior: Match.objectLike({
        ViewerProtocolPolicy: 'redirect-to-https',
        Compress: true,
        ResponseHeadersPolicyId: Match.anyValue(),
      }),
      CustomErrorResponses: Match.absent(),
    }),
  });
  plain.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
    ResponseHeadersPolicyConfig: Match.objectLike({
      SecurityHeadersConfig: Match.objectLike({
        StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 63_072_000, IncludeSubdomains: true }),
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        ContentSecurityPolicy: Match.objectLike({
          ContentSecurityPolicy: Match.stringLikeRegexp("^default-src 'self'"),
        }),
      }),
    }),
  });
});

test.each([
  ['PlainSite', '/api/*', 'http-only'],
  ['NamedSite', '/v1/*', 'https-only'],
])(
  '%s routes %s to the web service (%s), uncached, every viewer header and query string forwarded',
  (stack, pattern, protocol) => {
    const template = stack === 'PlainSite' ? plain : named;
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: pattern,
            ViewerProtocolPolicy: 'redirect-to-https',
            AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
            CachePolicyId: CACHING_DISABLED,
            OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
            FunctionAssociations: Match.absent(),
          }),
        ],
        Origins: Match.arrayWith([
          Match.objectLike({
            CustomOriginConfig: Match.objectLike({ OriginProtocolPolicy: protocol, OriginSSLProtocols: ['TLSv1.2'] }),
          }),
        ]),
      }),
    });
  },
);

test('the SPA fallback is a viewer-request function on the S3 behavior only', () => {
  plain.hasResourceProperties('AWS::CloudFront::Function', {
    FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    FunctionCode: Match.stringLikeRegexp("request.uri = '/index.html'"),
  });
  plain.hasResourceProperties('AWS::CloudFront::Distribution', {
    DistributionConfig: Match.objectLike({
      DefaultCacheBehavior: Match.objectLike({
        FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: Match.anyValue() }],
      }),
    }),
  });
});

test('a custom name serves its us-east-1 certificate with SNI and TLS 1.2 minimum', () => {
  named.hasResourceProperties('AWS::CloudFront::Distribution', {
    DistributionConfig: Match.objectLike({
      Aliases: ['www.example.com'],
      ViewerCertificate: {
        AcmCertificateArn: EDGE_CERT,
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      },
    }),
  });
});

test('outputs: bucket name, distribution id and the https URL', () => {
  const outputs = named.findOutputs('*');
  expect(Object.keys(outputs).sort()).toEqual([
    expect.stringMatching(/^SiteBucketName/),
    expect.stringMatching(/^SiteDistributionId/),
    expect.stringMatching(/^SiteUrl/),
  ]);
  expect(Object.values(outputs).find((o) => JSON.stringify(o).includes('www.example.com'))?.Value).toBe(
    'https://www.example.com',
  );
});

describe('props are checked early', () => {
  const bareStack = () => new Stack(testApp(), 'S', { env: ENV });
  const API = { domainName: 'api.example.com', protocol: 'https' } as const;

  test.each([
    [
      'a name without a certificate',
      'www.example.com',
      undefined,
      undefined,
      'domainName and certificate go together (got domainName alone)',
    ],
    [
      'a certificate outside us-east-1',
      'www.example.com',
      'arn:aws:acm:eu-west-1:111111111111:certificate/x',
      undefined,
      'the certificate is in eu-west-1; CloudFront reads certificates only from us-east-1',
    ],
    [
      'every path to the API',
      undefined,
      undefined,
      '/*',
      "apiPathPattern '/*' must start with '/' and must not be '/*'",
    ],
  ])('%s', (_, domainName, certificateArn, apiPathPattern, message) => {
    const stack = bareStack();
    const certificate = certificateArn ? acm.Certificate.fromCertificateArn(stack, 'C', certificateArn) : undefined;
    expect(() => new FrontendSite(stack, 'Site', { api: API, domainName, certificate, apiPathPattern })).toThrow(
      `FrontendSite S/Site: ${message}`,
    );
  });

  test('grantPublish: objects of the bucket and invalidations of the distribution', () => {
    const stack = bareStack();
    const site = new FrontendSite(stack, 'Site', { api: API });
    site.grantPublish(new iam.Role(stack, 'Publisher', { assumedBy: new iam.AccountRootPrincipal() }));
    const statements = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
    for (const action of [
      's3:PutObject',
      's3:GetObject*',
      's3:List*',
      's3:DeleteObject*',
      'cloudfront:CreateInvalidation',
    ]) {
      expect(statements).toContain(`"${action}"`);
    }
  });

  test('without the SPA fallback there is no function', () => {
    const stack = bareStack();
    new FrontendSite(stack, 'Site', { api: API, spaFallback: false });
    Template.fromStack(stack).resourceCountIs('AWS::CloudFront::Function', 0);
  });
});
