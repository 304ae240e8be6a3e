import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject, JsonValue } from '../../../../core/preflight/json-value';
import { nlbDeploymentConfig } from '../../../../core/preflight/rules/nlb-deployment-config';
import { assemblyOf, getAtt, ref, resource, runRule, severities, stack } from '../harness';

function deploymentGroup(config?: JsonValue): TemplateResource {
  return resource(
    'AWS::CodeDeploy::DeploymentGroup',
    {
      ApplicationName: ref('Application'),
      ServiceRoleArn: getAtt('GroupRole'),
      ECSServices: [{ ClusterName: ref('Cluster'), ServiceName: getAtt('Service', 'Name') }],
      DeploymentStyle: { DeploymentOption: 'WITH_TRAFFIC_CONTROL', DeploymentType: 'BLUE_GREEN' },
      LoadBalancerInfo: {
        TargetGroupPairInfoList: [
          {
            ProdTrafficRoute: { ListenerArns: [ref('Listener')] },
            TestTrafficRoute: { ListenerArns: [ref('TestListener')] },
            TargetGroups: [{ Name: getAtt('Blue', 'TargetGroupName') }, { Name: getAtt('Green', 'TargetGroupName') }],
          },
        ],
      },
      ...(config === undefined ? {} : { DeploymentConfigName: config }),
    },
    'prod/Service/Api/Deployment/Group/Resource',
  );
}

/** A load balancer of the given type with its listeners and target groups. */
function balancer(type: 'application' | 'network'): Record<string, TemplateResource> {
  const protocol = type === 'network' ? 'TCP' : 'HTTP';
  const listener = (port: number) =>
    resource('AWS::ElasticLoadBalancingV2::Listener', {
      LoadBalancerArn: ref('Balancer'),
      Port: port,
      Protocol: protocol,
    });
  const targetGroup = resource('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 3456, Protocol: protocol });
  return {
    Balancer: resource('AWS::ElasticLoadBalancingV2::LoadBalancer', { Type: type }),
    Listener: listener(443),
    TestListener: listener(8443),
    Blue: targetGroup,
    Green: targetGroup,
  };
}

const customConfig = (Type: string, extra: JsonObject = {}) =>
  resource('AWS::CodeDeploy::DeploymentConfig', {
    ComputePlatform: 'ECS',
    DeploymentConfigName: 'shop-prod-linear-20-2',
    TrafficRoutingConfig: { Type, ...extra },
  });

const check = (resources: Record<string, TemplateResource>) =>
  runRule(nlbDeploymentConfig, assemblyOf(stack('service', { resources })));

describe('nlb-deployment-config', () => {
  test.each([
    ['an NLB group with ECSAllAtOnce', 'network', 'CodeDeployDefault.ECSAllAtOnce'],
    ['an NLB group without a config (CodeDeploy defaults to all at once)', 'network', undefined],
    [
      'an ALB group with a predefined linear config',
      'application',
      'CodeDeployDefault.ECSLinear10PercentEvery1Minutes',
    ],
  ] as const)('compliant: %s', (_name, type, config) => {
    expect(check({ Group: deploymentGroup(config), ...balancer(type) })).toEqual([]);
  });

  test('compliant: an NLB group with a custom config of type AllAtOnce', () => {
    const resources = {
      Group: deploymentGroup(ref('Config')),
      Config: customConfig('AllAtOnce'),
      ...balancer('network'),
    };
    expect(check(resources)).toEqual([]);
  });

  test('non-compliant: an NLB group with a predefined canary config is an error naming the config', () => {
    const findings = check({
      Group: deploymentGroup('CodeDeployDefault.ECSCanary10Percent5Minutes'),
      ...balancer('network'),
    });
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        logicalId: 'Group',
        constructPath: 'prod/Service/Api/Deployment/Group/Resource',
      }),
    ]);
    expect(findings[0].message).toContain("'CodeDeployDefault.ECSCanary10Percent5Minutes' (canary)");
  });

  test('non-compliant: an NLB group with a custom linear config, by Ref or by its fixed name, is an error', () => {
    const linear = customConfig('TimeBasedLinear', { TimeBasedLinear: { LinearInterval: 2, LinearPercentage: 20 } });
    const byRef = check({ Group: deploymentGroup(ref('Config')), Config: linear, ...balancer('network') });
    const byName = check({ Group: deploymentGroup('shop-prod-linear-20-2'), Config: linear, ...balancer('network') });
    expect(severities([...byRef, ...byName])).toEqual(['error', 'error']);
    expect(byName[0].message).toContain("'shop-prod-linear-20-2' (linear)");
  });

  test('non-compliant: target groups with protocol TCP mark the group as behind an NLB without its listeners', () => {
    const { Blue, Green } = balancer('network');
    const findings = check({
      Group: deploymentGroup('CodeDeployDefault.ECSLinear10PercentEvery3Minutes'),
      Blue,
      Green,
    });
    expect(severities(findings)).toEqual(['error']);
  });

  test('warning: a custom config named but not in the stack cannot be judged', () => {
    expect(severities(check({ Group: deploymentGroup('made-elsewhere'), ...balancer('network') }))).toEqual([
      'warning',
    ]);
  });
});
