import { configProblems } from '../../support/configs';

/** Two web services; the prod environment's host name comes from `hostFields`. */
function twoWebServices(apiPublic: boolean, hostFields: string): string {
  return `
application: shop
pipeline: { account: '111111111111', region: eu-west-1 }
source: { connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/abc-123', repository: org/shop }
services:
  - { name: web, kind: web, port: 8080, healthCheckPath: /health, buildContext: service }
  - { name: api, kind: web, port: 3456, healthCheckPath: /health, buildContext: service, public: ${apiPublic} }
environments:
  - { name: prod, account: '333333333333', region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b], ${hostFields} }
`;
}

const CERTIFICATE =
  "certificateArn: 'arn:aws:acm:eu-west-1:333333333333:certificate/abc', domainName: shop.example.com";
const DOMAIN = 'domain: { hostedZoneId: Z0123456789ABCDEFGHIJ, zoneName: example.com, serviceName: shop.example.com }';

const refusal = (field: string) =>
  `environments[0].${field}: is the one host name of 2 public web services (web, api), which would all be checked ` +
  'and called as https://shop.example.com: make all but one public: false (internal, reached by the others ' +
  'through <NAME>_URL), route a path of the host to a worker from an entry point (README: "Several services on ' +
  'one host name"), or deploy them as separate applications (got "shop.example.com")';

test.each([
  ['certificateArn + domainName', CERTIFICATE, 'domainName'],
  ['domain.serviceName', DOMAIN, 'domain.serviceName'],
])('refuses one host name (%s) for two public web services, naming the field', (_form, fields, field) => {
  expect(configProblems(twoWebServices(true, fields))).toEqual([refusal(field)]);
});

test('accepts one host name when only one web service is public', () => {
  expect(configProblems(twoWebServices(false, CERTIFICATE))).toEqual([]);
});

test('accepts two public web services without a host name (each answers on its load balancer)', () => {
  expect(configProblems(twoWebServices(true, 'natGateways: 1'))).toEqual([]);
});
