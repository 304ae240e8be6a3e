import { LAMBDA_ENVIRONMENT_BYTES, repointEnvironmentBytes } from '../../../model/config/repoint-refine';
import { configProblems } from '../../support/configs';

/** `count` web services named `name-<n>`, each with its own build context. */
function configWith(count: number, name = 'web'): string {
  const services = Array.from(
    { length: count },
    (_, i) => `  - { name: ${name}-${i}, kind: web, port: 8080, healthCheckPath: /health, buildContext: service }`,
  ).join('\n');
  return `
application: shop
pipeline: { account: '111111111111', region: eu-west-1 }
source: { connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/abc-123', repository: org/shop }
services:
${services}
environments:
  - { name: staging, account: '222222222222', region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b] }
`;
}

const staging = { name: 'staging', region: 'eu-west-1' };
const raw = (count: number, name: string) => ({
  application: 'shop',
  pipeline: { region: 'eu-west-1' },
  services: Array.from({ length: count }, (_, i) => ({ name: `${name}-${i}`, kind: 'web' })),
  environments: [staging],
});

test('the bound grows with each web service and counts the longest listener ARNs and target group names', () => {
  const one = repointEnvironmentBytes(raw(1, 'web'), staging);
  const two = repointEnvironmentBytes(raw(2, 'web'), staging);
  // Two listener ARNs of at least 140 characters and two 32-character target group names per service.
  expect(two - one).toBeGreaterThan(2 * 140 + 2 * 32);
  expect(repointEnvironmentBytes(raw(1, 'a-much-longer-service-name'), staging)).toBeGreaterThan(one);
});

test('accepts as many web services as fit in Lambda environment variables', () => {
  expect(repointEnvironmentBytes(raw(8, 'web'), staging)).toBeLessThanOrEqual(LAMBDA_ENVIRONMENT_BYTES);
  expect(configProblems(configWith(8))).toEqual([]);
});

test("refuses more web services than the re-point function's variables can hold, in one line naming the field", () => {
  const bytes = repointEnvironmentBytes(raw(9, 'web'), staging);
  expect(bytes).toBeGreaterThan(LAMBDA_ENVIRONMENT_BYTES);

  expect(configProblems(configWith(9))).toEqual([
    `services: 9 web services give environment 'staging' a listener re-point function whose environment variables ` +
      `may take ${bytes} bytes; Lambda allows 4096: use fewer web services (or shorter service names) per ` +
      'application (got 9)',
  ]);
});
