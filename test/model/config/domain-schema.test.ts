import { domainSchema, isInZone } from '../../../model/config/domain-schema';
import { problemsOf } from './schema-support';

const ZONE = { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com', serviceName: 'api.example.com' };
const CERT = 'arn:aws:acm:eu-west-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';
const EDGE_CERT = 'arn:aws:acm:us-east-1:111111111111:certificate/11111111-2222-3333-4444-555555555555';

describe('environments[].domain', () => {
  test('a zone and a service name are enough; the rest is optional', () => {
    expect(domainSchema.parse(ZONE)).toEqual(ZONE);
    const full = { ...ZONE, frontendName: 'example.com', certificateArn: CERT, frontendCertificateArn: EDGE_CERT };
    expect(domainSchema.parse(full)).toEqual(full);
  });

  test.each([
    [
      { ...ZONE, serviceName: 'api.example.org' },
      'domain.serviceName: must be inside the hosted zone example.com (equal to it or ending in .example.com) (got "api.example.org")',
    ],
    [{ ...ZONE, serviceName: 'badexample.com' }, 'domain.serviceName: must be inside the hosted zone example.com'],
    [{ ...ZONE, frontendName: 'www.other.com' }, 'domain.frontendName: must be inside the hosted zone example.com'],
    [{ ...ZONE, frontendName: 'api.example.com' }, 'domain.frontendName: must differ from serviceName'],
    [
      { ...ZONE, zoneName: 'example.com.' },
      "domain.zoneName: must be a lower-case DNS name such as app.example.com (no trailing '.')",
    ],
    [{ ...ZONE, serviceName: 'API.example.com' }, 'domain.serviceName: must be a lower-case DNS name'],
    [{ ...ZONE, hostedZoneId: 'example.com' }, 'domain.hostedZoneId: must be a Route 53 hosted zone id'],
    [{ ...ZONE, certificateArn: 'arn:aws:iam::1:role/x' }, 'domain.certificateArn: must be an ACM certificate ARN'],
    [
      { ...ZONE, frontendName: 'www.example.com', frontendCertificateArn: CERT },
      'domain.frontendCertificateArn: must be an ACM certificate ARN in us-east-1',
    ],
    [{ ...ZONE, frontendCertificateArn: EDGE_CERT }, 'domain.frontendCertificateArn: needs frontendName'],
    [{ ...ZONE, hostedZone: 'x' }, "domain: unknown field 'hostedZone'"],
  ])('%j is refused: %s', (value, message) => {
    expect(problemsOf(domainSchema, value, 'domain').join('\n')).toContain(message);
  });

  test.each([
    ['example.com', true],
    ['a.b.example.com', true],
    ['notexample.com', false],
    ['example.com.evil.org', false],
  ])('isInZone(%s, example.com) = %s', (name, inside) => {
    expect(isInZone(name, 'example.com')).toBe(inside);
  });
});
