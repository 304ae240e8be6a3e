import { configProblems } from '../../support/configs';

function configNamed(application: string, environment: string): string {
  return `
application: ${application}
pipeline: { account: '111111111111', region: ap-southeast-2 }
source: { connectionArn: 'arn:aws:codeconnections:ap-southeast-2:111111111111:connection/abc-123', repository: org/shop }
service: { port: 8080 }
environments:
  - { name: ${environment}, account: '222222222222', region: ap-southeast-2, availabilityZones: [ap-southeast-2a, ap-southeast-2b] }
`;
}

test('refuses names whose longest role name IAM would refuse, in one line naming the field and the role', () => {
  const application = 'a'.repeat(20);
  const environment = 'e'.repeat(20);
  expect(configProblems(configNamed(application, environment))).toEqual([
    `environments[0].name: makes the role name '${application}-${environment}-frontend-publisher-apse2' 66 ` +
      `characters long; IAM allows 64: shorten the environment or application name (got "${environment}")`,
  ]);
});

test('accepts names whose role names fit, region code included', () => {
  expect(configProblems(configNamed('a'.repeat(20), 'e'.repeat(18)))).toEqual([]);
});
