import type { JsonValue } from '../../../../core/preflight/json-value';
import { cloudfrontCertificateRegion } from '../../../../core/preflight/rules/cloudfront-certificate-region';
import { assemblyOf, ref, resource, runRule, severities, stack } from '../harness';

function distribution(certificateArn: JsonValue) {
  return resource(
    'AWS::CloudFront::Distribution',
    {
      DistributionConfig: {
        Enabled: true,
        Aliases: ['www.example.com'],
        ViewerCertificate: {
          AcmCertificateArn: certificateArn,
          SslSupportMethod: 'sni-only',
          MinimumProtocolVersion: 'TLSv1.2_2021',
        },
      },
    },
    'prod/Frontend/Distribution/Resource',
  );
}

const check = (certificateArn: JsonValue) =>
  runRule(
    cloudfrontCertificateRegion,
    assemblyOf(stack('frontend', { region: 'eu-west-1', resources: { Dist: distribution(certificateArn) } })),
  );

describe('cloudfront-certificate-region', () => {
  test.each([
    ['a us-east-1 certificate', 'arn:aws:acm:us-east-1:222222222222:certificate/1111-2222'],
    [
      'a certificate read from a us-east-1 stack output',
      { 'Fn::GetStackOutput': { StackName: 'cert', Region: 'us-east-1', OutputName: 'Arn' } },
    ],
    ['a Ref to a certificate', ref('Certificate')],
    [
      'an ARN whose region is a token',
      { 'Fn::Join': ['', ['arn:aws:acm:', { Ref: 'AWS::Region' }, ':222222222222:certificate/1']] },
    ],
  ])('compliant: %s', (_name, arn) => {
    expect(check(arn)).toEqual([]);
  });

  test('compliant: a distribution on the default CloudFront certificate', () => {
    const dist = resource('AWS::CloudFront::Distribution', {
      DistributionConfig: { Enabled: true, ViewerCertificate: { CloudFrontDefaultCertificate: true } },
    });
    expect(runRule(cloudfrontCertificateRegion, assemblyOf(stack('frontend', { resources: { Dist: dist } })))).toEqual(
      [],
    );
  });

  test('non-compliant: a certificate in the stack region (eu-west-1) is an error', () => {
    const findings = check('arn:aws:acm:eu-west-1:222222222222:certificate/1111-2222');
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'Dist',
        constructPath: 'prod/Frontend/Distribution/Resource',
      }),
    ]);
    expect(findings[0].message).toContain('eu-west-1');
    expect(findings[0].message).toContain('us-east-1');
  });

  test('non-compliant: an ARN built with Fn::Join in another region is an error', () => {
    const arn = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':acm:eu-central-1:222222222222:certificate/1']],
    };
    expect(severities(check(arn))).toEqual(['error']);
  });
});
