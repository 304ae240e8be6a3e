import type { TemplateResource } from '../../../../core/preflight/assembly-model';
import type { JsonObject } from '../../../../core/preflight/json-value';
import { blueGreenScalingSuspended } from '../../../../core/preflight/rules/blue-green-scaling-suspended';
import { assemblyOf, getAtt, ref, resource, runRule, severities, stack } from '../harness';

const service = (controller = 'CODE_DEPLOY') =>
  resource(
    'AWS::ECS::Service',
    { Cluster: ref('Cluster'), ServiceName: 'shop-prod-api', DeploymentController: { Type: controller } },
    'prod/Service/Api/Service/Service',
  );

const scalableTarget = resource('AWS::ApplicationAutoScaling::ScalableTarget', {
  ServiceNamespace: 'ecs',
  ScalableDimension: 'ecs:service:DesiredCount',
  ResourceId: { 'Fn::Join': ['', ['service/', ref('Cluster'), '/', getAtt('Service', 'Name')]] },
  MinCapacity: 2,
  MaxCapacity: 10,
});

const group = resource('AWS::CodeDeploy::DeploymentGroup', {
  ApplicationName: 'shop-prod',
  DeploymentGroupName: 'shop-prod-api',
  ECSServices: [{ ClusterName: ref('Cluster'), ServiceName: getAtt('Service', 'Name') }],
});

function rule(detail: JsonObject, extra: JsonObject = {}): TemplateResource {
  return resource('AWS::Events::Rule', {
    EventPattern: {
      source: ['aws.codedeploy'],
      'detail-type': ['CodeDeploy Deployment State-change Notification'],
      detail,
    },
    Targets: [{ Id: 'Target0', Arn: ref('StateMachine'), RoleArn: getAtt('EventsRole') }],
    ...extra,
  });
}

const allStates = { deploymentGroup: ['shop-prod-api'], state: ['START', 'SUCCESS', 'FAILURE', 'STOP'] };

const check = (resources: Record<string, TemplateResource>) =>
  runRule(blueGreenScalingSuspended, assemblyOf(stack('service', { resources })));

describe('blue-green-scaling-suspended', () => {
  test('compliant: a rule sends the group START, SUCCESS, FAILURE and STOP to a target', () => {
    expect(check({ Service: service(), Target: scalableTarget, Group: group, Rule: rule(allStates) })).toEqual([]);
  });

  test('compliant: a rule on every state change of the group (no state filter)', () => {
    const resources = { Service: service(), Target: scalableTarget, Group: group, Rule: rule({}) };
    expect(check(resources)).toEqual([]);
  });

  test('compliant: a CODE_DEPLOY service without a scalable target has nothing to suspend', () => {
    expect(check({ Service: service(), Group: group })).toEqual([]);
  });

  test('compliant: an ECS-controller service (ECS itself holds scale-in during its deployments)', () => {
    expect(check({ Service: service('ECS'), Target: scalableTarget, Group: group })).toEqual([]);
  });

  test('non-compliant: a scaled CODE_DEPLOY service with no rule is an error naming the group', () => {
    const findings = check({ Service: service(), Target: scalableTarget, Group: group });
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0]).toMatchObject({ logicalId: 'Service', constructPath: 'prod/Service/Api/Service/Service' });
    expect(findings[0].message).toContain("group 'shop-prod-api'");
    expect(findings[0].message).toContain('nothing suspends its scaling during a deployment');
  });

  test('non-compliant: a rule that suspends on START but never resumes on FAILURE or STOP', () => {
    const detail = { deploymentGroup: ['shop-prod-api'], state: ['START', 'SUCCESS'] };
    const findings = check({ Service: service(), Target: scalableTarget, Group: group, Rule: rule(detail) });
    expect(severities(findings)).toEqual(['error']);
    expect(findings[0].message).toContain('nothing resumes its scaling when a deployment ends with FAILURE, STOP');
  });

  test("non-compliant: a rule for another group, a disabled rule, and a rule without a target don't count", () => {
    const other = rule({ ...allStates, deploymentGroup: ['shop-prod-web'] });
    const disabled = rule(allStates, { State: 'DISABLED' });
    const noTarget = rule(allStates, { Targets: [] });
    for (const r of [other, disabled, noTarget]) {
      const findings = check({ Service: service(), Target: scalableTarget, Group: group, Rule: r });
      expect(severities(findings)).toEqual(['error']);
    }
  });
});
