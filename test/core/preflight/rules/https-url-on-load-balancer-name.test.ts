import type { JsonValue } from '../../../../core/preflight/json-value';
import { httpsUrlOnLoadBalancerName } from '../../../../core/preflight/rules/https-url-on-load-balancer-name';
import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import { assemblyOf, getAtt, resource, runRule, stack } from '../harness';

const loadBalancer = resource('AWS::ElasticLoadBalancingV2::LoadBalancer', { Type: 'application' });
const url = (scheme: string, host: JsonValue = getAtt('Alb', 'DNSName')): JsonValue => ({
  'Fn::Join': ['', [scheme, host]],
});

function check(where: 'output' | 'lambda' | 'taskdef' | 'codebuild', value: JsonValue) {
  const resources: Record<string, TemplateResource> = { Alb: loadBalancer };
  let outputs = {};
  if (where === 'output') outputs = { ProductionUrl: { Value: value } };
  if (where === 'lambda') {
    resources.Fn = resource(
      'AWS::Lambda::Function',
      { Environment: { Variables: { TARGET_URL: value } } },
      'env/Fn/Resource',
    );
  }
  if (where === 'taskdef') {
    resources.TaskDef = resource('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [{ Name: 'app', Environment: [{ Name: 'PUBLIC_URL', Value: value }] }],
    });
  }
  if (where === 'codebuild') {
    resources.Project = resource('AWS::CodeBuild::Project', {
      Environment: { EnvironmentVariables: [{ Name: 'SERVICE_URL', Type: 'PLAINTEXT', Value: value }] },
    });
  }
  return runRule(httpsUrlOnLoadBalancerName, assemblyOf(stack('env', { resources, outputs })));
}

describe('https-url-on-load-balancer-name', () => {
  test.each<[string, JsonValue]>([
    ['http:// on the load balancer name', url('http://')],
    ['https:// on the configured domain', 'https://app.example.com'],
    ['https:// on a domain record', url('https://', { Ref: 'Record' })],
  ])('compliant: %s', (_name, value) => {
    expect(check('output', value)).toEqual([]);
  });

  test.each(['output', 'lambda', 'taskdef', 'codebuild'] as const)(
    'non-compliant: https:// + DNSName in a %s',
    (where) => {
      const findings = check(where, url('https://'));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ severity: 'error' });
      expect(findings[0].message).toMatch(/^(output ProductionUrl|environment variable \w+) is https:\/\//);
    },
  );

  test('non-compliant: the same through Fn::Sub', () => {
    expect(check('output', { 'Fn::Sub': 'https://${Alb.DNSName}/health' })).toHaveLength(1);
  });
});
