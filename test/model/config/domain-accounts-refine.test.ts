import { configProblems } from '../../support/configs';

/** Two environments in two accounts; each one's extra fields are given as YAML flow text. */
function twoAccounts(stagingDomain: string, prodDomain: string): string {
  return `
application: shop
pipeline: { account: '111111111111', region: eu-west-1 }
source: { connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/abc-123', repository: org/shop }
services:
  - { name: web, kind: web, port: 8080, healthCheckPath: /health, buildContext: service }
environments:
  - { name: staging, account: '222222222222', region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b], domain: ${stagingDomain} }
  - { name: prod, account: '333333333333', region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b], domain: ${prodDomain} }
`;
}

const ZONE = 'hostedZoneId: Z0123456789ABCDEFGHIJ, zoneName: example.com';
const ROLE = 'arn:aws:iam::444444444444:role/example-com-delegation';
const delegated = (sub: string) =>
  `{ ${ZONE}, zoneAccount: '444444444444', delegation: { zoneName: ${sub}.example.com, roleArn: '${ROLE}' }, serviceName: app.${sub}.example.com }`;

test('accepts a subdomain per environment account, each delegated from the zone of a DNS account', () => {
  expect(configProblems(twoAccounts(delegated('staging'), delegated('prod')))).toEqual([]);
});

test('refuses one zone shared by environments of two accounts without saying whose it is', () => {
  expect(
    configProblems(
      twoAccounts(`{ ${ZONE}, serviceName: staging.example.com }`, `{ ${ZONE}, serviceName: www.example.com }`),
    ),
  ).toEqual([
    'environments[1].domain.hostedZoneId: makes Z0123456789ABCDEFGHIJ a zone of account 333333333333, but ' +
      'environment staging has it in account 222222222222: a hosted zone lives in one account; set ' +
      'domain.zoneAccount to that account in both, and domain.delegation in the environments of other accounts ' +
      '(got "Z0123456789ABCDEFGHIJ")',
  ]);
});

test('refuses a zone of another account without delegation, naming domain.zoneAccount', () => {
  const staging = `{ ${ZONE}, zoneAccount: '222222222222', serviceName: staging.example.com }`;
  const prod = `{ ${ZONE}, zoneAccount: '222222222222', serviceName: www.example.com }`;
  expect(configProblems(twoAccounts(staging, prod))).toEqual([
    "environments[1].domain.zoneAccount: is not this environment's account 333333333333, whose stacks cannot write " +
      "records (alias, certificate validation) into another account's zone: add domain.delegation (a subdomain zone " +
      'in 333333333333 whose NS record a role of 222222222222 writes), or use a zone of 333333333333 (got "222222222222")',
  ]);
});

test.each([
  [
    'a delegated zone outside the parent zone',
    `{ ${ZONE}, delegation: { zoneName: prod.example.org, roleArn: '${ROLE}' }, serviceName: app.prod.example.org }`,
    'environments[1].domain.delegation.zoneName: must be a subdomain of example.com (ending in .example.com) ' +
      '(got "prod.example.org")',
  ],
  [
    'a service name outside the delegated zone',
    `{ ${ZONE}, delegation: { zoneName: prod.example.com, roleArn: '${ROLE}' }, serviceName: app.example.com }`,
    'environments[1].domain.serviceName: must be inside the delegated zone prod.example.com (equal to it or ending ' +
      'in .prod.example.com) (got "app.example.com")',
  ],
  [
    'a delegation role of another account than the zone',
    `{ hostedZoneId: Z0999999999ABCDEFGHIJ, zoneName: example.com, zoneAccount: '555555555555', delegation: { zoneName: prod.example.com, roleArn: '${ROLE}' }, serviceName: app.prod.example.com }`,
    "environments[1].domain.delegation.roleArn: must be a role of the zone's account 555555555555, which alone may " +
      `write into hostedZoneId (got "${ROLE}")`,
  ],
  [
    'a frontend name with delegation and no existing us-east-1 certificate',
    `{ ${ZONE}, delegation: { zoneName: prod.example.com, roleArn: '${ROLE}' }, serviceName: app.prod.example.com, frontendName: www.prod.example.com }`,
    'environments[1].domain.frontendCertificateArn: is required with delegation and frontendName: the us-east-1 ' +
      'certificate stack deploys before the stack that creates the delegated zone, so it cannot validate there; ' +
      'give an existing us-east-1 certificate',
  ],
])('refuses %s in one line naming the field', (_case, prodDomain, message) => {
  expect(configProblems(twoAccounts(delegated('staging'), prodDomain))).toEqual([message]);
});
