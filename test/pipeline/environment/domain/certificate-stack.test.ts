import { Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DistributionAlias, LoadBalancerAlias } from '../../../../pipeline/environment/domain/alias-records';
import { CertificateStack } from '../../../../pipeline/environment/domain/certificate-stack';
import { dnsCertificate } from '../../../../pipeline/environment/domain/dns-certificate';
import { importHostedZone } from '../../../../pipeline/environment/domain/hosted-zone';
import { FrontendSite } from '../../../../pipeline/environment/frontend/frontend-site';
import {
  synthesizeWithPolicy,
  type PolicySynth,
  expectGatePasses,
  GUARD,
  guardTest,
  NAG,
} from '../../policy/support/policy-synth';
import { testApp } from '../../../support/test-app';

const ACCOUNT = '111111111111';
const ZONE = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' };
const ALB_ZONE = 'Z32O12XQLNTSW2';
const CLOUDFRONT_ZONE = 'Z2FDTNDATAQYW2';

// GIVEN an environment stage as the lead would wire it: a us-east-1 certificate stack for the frontend
// and the regional stack with the service's certificate, the site, and alias records for both.
let synth: PolicySynth;
let certificates: Template;
let service: Template;
let stage: Stage;
beforeAll(() => {
  synth = synthesizeWithPolicy((app) => {
    stage = new Stage(app, 'prod');
    const certs = new CertificateStack(stage, 'Certificates', {
      account: ACCOUNT,
      zone: ZONE,
      domainName: 'www.example.com',
    });
    const stack = new Stack(stage, 'Service', {
      env: { account: ACCOUNT, region: 'eu-west-1' },
      crossRegionReferences: true,
    });
    const zone = importHostedZone(stack, 'Zone', ZONE);
    dnsCertificate(stack, 'ServiceCertificate', { domainName: 'api.example.com', zone });
    const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Lb', {
      loadBalancerArn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/shop/1`,
      securityGroupId: 'sg-1',
      loadBalancerDnsName: 'shop-1.eu-west-1.elb.amazonaws.com',
      loadBalancerCanonicalHostedZoneId: ALB_ZONE,
    });
    const site = new FrontendSite(stack, 'Site', {
      api: { domainName: 'api.example.com', protocol: 'https' },
      domainName: 'www.example.com',
      certificate: certs.certificate,
    });
    new LoadBalancerAlias(stack, 'ServiceAlias', { zone, recordName: 'api.example.com', loadBalancer });
    new DistributionAlias(stack, 'SiteAlias', {
      zone,
      recordName: 'www.example.com',
      distribution: site.distribution,
    });
  });
  const template = (file: string) =>
    Template.fromJSON(JSON.parse(readFileSync(join(synth.outdir, 'assembly-prod', file), 'utf8')));
  certificates = template('prodCertificates0AAAAA08.template.json');
  service = template('prodService784B78E4.template.json');
});
afterAll(() => synth.dispose());

test('cdk-nag AwsSolutions concludes success', () => {
  expectGatePasses(synth, NAG);
});

guardTest('the Control Tower guard rules conclude success', () => {
  expectGatePasses(synth, GUARD);
});

test('nothing is looked up: the assembly asks for no context', () => {
  const manifest = JSON.parse(readFileSync(join(synth.outdir, 'assembly-prod', 'manifest.json'), 'utf8'));
  expect(manifest.missing).toBeUndefined();
});

test("CloudFront's certificate is DNS-validated in us-east-1, the load balancer's in the environment's region", () => {
  const stacks = stage.node.children.filter((c): c is Stack => c instanceof Stack);
  expect(stacks.map((s) => [s.node.id, s.region])).toEqual([
    ['Certificates', 'us-east-1'],
    ['Service', 'eu-west-1'],
  ]);
  const dnsValidated = (domainName: string) => ({
    DomainName: domainName,
    ValidationMethod: 'DNS',
    DomainValidationOptions: [{ DomainName: domainName, HostedZoneId: ZONE.hostedZoneId }],
  });
  certificates.hasResourceProperties('AWS::CertificateManager::Certificate', dnsValidated('www.example.com'));
  certificates.resourceCountIs('AWS::CertificateManager::Certificate', 1);
  service.hasResourceProperties('AWS::CertificateManager::Certificate', dnsValidated('api.example.com'));
  service.resourceCountIs('AWS::CertificateManager::Certificate', 1);
});

test('the distribution reads the us-east-1 certificate from the certificate stack, which deploys first', () => {
  service.hasResourceProperties('AWS::CloudFront::Distribution', {
    DistributionConfig: Match.objectLike({
      Aliases: ['www.example.com'],
      ViewerCertificate: {
        AcmCertificateArn: {
          'Fn::GetStackOutput': { StackName: 'prod-Certificates', Region: 'us-east-1', OutputName: Match.anyValue() },
        },
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      },
    }),
  });
  expect(Object.keys(certificates.findOutputs('*'))).toHaveLength(1);
  const [serviceStack, certificateStack] = ['Service', 'Certificates'].map((id) => stage.node.findChild(id) as Stack);
  expect(serviceStack.dependencies).toContain(certificateStack);
});

test('alias records: A for the load balancer, A and AAAA for the distribution, in the imported zone', () => {
  service.hasResourceProperties('AWS::Route53::RecordSet', {
    Name: 'api.example.com.',
    Type: 'A',
    HostedZoneId: ZONE.hostedZoneId,
    AliasTarget: { DNSName: 'dualstack.shop-1.eu-west-1.elb.amazonaws.com', HostedZoneId: ALB_ZONE },
  });
  for (const type of ['A', 'AAAA']) {
    service.hasResourceProperties('AWS::Route53::RecordSet', {
      Name: 'www.example.com.',
      Type: type,
      HostedZoneId: ZONE.hostedZoneId,
      AliasTarget: {
        DNSName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SiteDistribution'), 'DomainName'] },
        HostedZoneId: { 'Fn::FindInMap': Match.anyValue() },
      },
    });
  }
  // CDK maps CloudFront's fixed alias zone by partition.
  expect(JSON.stringify(service.toJSON().Mappings)).toContain(CLOUDFRONT_ZONE);
  service.resourceCountIs('AWS::Route53::RecordSet', 3);
  service.resourceCountIs('AWS::Route53::HostedZone', 0);
});

describe('names outside the zone are refused at synth', () => {
  const scope = () => {
    const stack = new Stack(testApp(), 'S', {
      env: { account: ACCOUNT, region: 'eu-west-1' },
    });
    return { stack, zone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Z', ZONE) };
  };
  test('a certificate', () => {
    const { stack, zone } = scope();
    expect(() => dnsCertificate(stack, 'Cert', { domainName: 'api.example.org', zone })).toThrow(
      'S/Cert: api.example.org is not in the hosted zone example.com',
    );
  });
  test('an alias record', () => {
    const { stack, zone } = scope();
    const loadBalancer = elbv2.ApplicationLoadBalancer.fromApplicationLoadBalancerAttributes(stack, 'Lb', {
      loadBalancerArn: `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/shop/1`,
      securityGroupId: 'sg-1',
      loadBalancerDnsName: 'shop-1.eu-west-1.elb.amazonaws.com',
      loadBalancerCanonicalHostedZoneId: ALB_ZONE,
    });
    expect(() => new LoadBalancerAlias(stack, 'Alias', { zone, recordName: 'www.evil.com', loadBalancer })).toThrow(
      'S/Alias: record www.evil.com is not in the hosted zone example.com',
    );
  });
});
