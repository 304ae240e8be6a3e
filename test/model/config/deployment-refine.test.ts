import { configProblems } from '../../support/configs';

/** One web service behind an NLB, one environment whose deployment the test chooses. */
function nlbConfig(deployment: string): string {
  return `
application: shop
pipeline: { account: '111111111111', region: eu-west-1 }
source: { connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/abc-123', repository: org/shop }
services:
  - { name: api, kind: web, loadBalancer: nlb, port: 3456, buildContext: service }
environments:
  - { name: prod, account: '222222222222', region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b], deployment: ${deployment} }
`;
}

describe('deployment of a web service behind an NLB', () => {
  test.each(['{ type: linear, percentage: 25, intervalMinutes: 2 }', '{ type: canary }'])(
    'refuses %s in one line naming the field, the value, what is allowed and what to do',
    (deployment) => {
      const type = deployment.includes('linear') ? 'linear' : 'canary';
      expect(configProblems(nlbConfig(deployment))).toEqual([
        "environments[0].deployment.type: is not allowed with 'api' behind an NLB: CodeDeploy shifts traffic behind " +
          'an NLB only all at once (CodeDeployDefault.ECSAllAtOnce); canary and linear need an ALB; set deployment: ' +
          `{ type: allAtOnce } in this environment, or put the service behind an ALB (loadBalancer: alb) (got "${type}")`,
      ]);
    },
  );

  test('accepts all at once', () => {
    expect(configProblems(nlbConfig('{ type: allAtOnce }'))).toEqual([]);
  });

  test('accepts canary when the web service is behind an ALB', () => {
    const alb = nlbConfig('{ type: canary }').replace(
      'loadBalancer: nlb, port: 3456',
      'port: 3456, healthCheckPath: /h',
    );
    expect(configProblems(alb)).toEqual([]);
  });
});
