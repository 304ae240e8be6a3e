import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../model/config';
import { environmentNames } from '../../../model/naming';
import { REPO_ROOT, shippedConfig } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

// GIVEN the shipped configuration: staging in the delivery pipeline, prod (approval) in the release pipeline.
const config = shippedConfig();
const { pipeline, release, environments } = synthesized(config);

interface Action {
  Name: string;
  RunOrder?: number;
  ActionTypeId: { Provider: string };
  Configuration?: { ProjectName?: { Ref: string } };
}
type Json = Record<string, unknown>;

const stageOf = (template: Json, name: string): Action[] => {
  const resources = template.Resources as Record<string, { Type: string; Properties: Json }>;
  const [codePipeline] = Object.values(resources).filter((r) => r.Type === 'AWS::CodePipeline::Pipeline');
  const stages = codePipeline.Properties.Stages as { Name: string; Actions: Action[] }[];
  return stages.find((s) => s.Name === name)!.Actions;
};
const orderOf = (actions: Action[], match: (a: Action) => boolean) => actions.filter(match).map((a) => a.RunOrder ?? 1);
const commandsOf = (template: Json, action: Action): string[] => {
  const resources = template.Resources as Record<string, { Properties: { Source: { BuildSpec: string } } }>;
  const spec = JSON.parse(resources[action.Configuration!.ProjectName!.Ref].Properties.Source.BuildSpec);
  return Object.values(spec.phases as Record<string, { commands?: string[] }>).flatMap((p) => p.commands ?? []);
};

describe.each([
  [
    'staging',
    'the delivery pipeline',
    () => pipeline.toJSON(),
    (a: Action) => a.ActionTypeId.Provider === 'CloudFormation',
  ],
  ['prod', 'the release pipeline', () => release!.toJSON(), (a: Action) => a.Name === 'Deploy'],
])('%s in %s', (environment, _pipeline, template, isDeploy) => {
  const actions = stageOf(template(), environment);
  const [repoint] = actions.filter((a) => a.Name === 'RepointListeners');

  test('RepointListeners runs after the stack update and before every render and blue/green action', () => {
    expect(repoint).toBeDefined();
    const at = repoint.RunOrder ?? 1;
    expect(Math.max(...orderOf(actions, isDeploy))).toBeLessThan(at);
    const later = orderOf(actions, (a) => a.Name.startsWith('Render') || a.ActionTypeId.Provider === 'CodeDeployToECS');
    expect(later.length).toBeGreaterThan(0);
    for (const order of later) expect(order).toBeGreaterThan(at);
  });

  test('it runs bluegreen listeners --repoint for this environment through its re-point role', () => {
    const commands = commandsOf(template(), repoint);
    expect(commands.some((c) => /bluegreen listeners --repoint --environment "\$ENVIRONMENT"$/.test(c))).toBe(true);
    expect(commands.some((c) => c.includes('--dry-run'))).toBe(false);
    if (environment === 'prod') expect(commands).toContain('bluegreen handoff verify . --hash "$APPROVED_HASH"');
  });
});

describe('the environment role the step assumes', () => {
  const staging = config.environments[0];
  const names = environmentNames(config.application, staging, config.pipeline.region);
  const resources = environments.staging.toJSON().Resources as Record<string, { Type: string; Properties: Json }>;
  const [role] = Object.values(resources).filter(
    (r) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === names.listenerRepointRole,
  );
  const statements = Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((p) => JSON.stringify(p.Properties.Roles).includes('ListenerRepoint'))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Json[] }).Statement);
  const listenerIds = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener')
    .filter(([, r]) => r.Properties.Port !== 80 || JSON.stringify(r.Properties.DefaultActions).includes('forward'))
    .map(([id]) => id);

  test('trusts exactly the pipeline step role, by aws:PrincipalArn', () => {
    const trust = (role.Properties.AssumeRolePolicyDocument as { Statement: Json[] }).Statement;
    expect(trust).toHaveLength(1);
    expect(JSON.stringify(trust[0].Condition)).toContain(`:role/${names.repointStepRole}`);
  });

  test("ModifyListener names only the environment's traffic listeners, by reference", () => {
    const modify = statements.filter((s) => s.Action === 'elasticloadbalancing:ModifyListener');
    expect(modify).toHaveLength(1);
    const resourcesOfModify = modify[0].Resource as Json[];
    expect(resourcesOfModify.every((r) => typeof r === 'object' && 'Ref' in r)).toBe(true);
    const named = resourcesOfModify.map((r) => r.Ref as string).sort();
    // The production and test listeners CodeDeploy shifts traffic on, not the port-80 redirect.
    expect(named).toHaveLength(2);
    for (const id of named) expect(listenerIds).toContain(id);
    const group = Object.values(resources).find((r) => r.Type === 'AWS::CodeDeploy::DeploymentGroup')!;
    expect(JSON.stringify(group.Properties.LoadBalancerInfo)).toContain(named[0]);
    expect(JSON.stringify(group.Properties.LoadBalancerInfo)).toContain(named[1]);
  });

  test('the only wildcard resources are the Describe actions, which support none', () => {
    const onStar = statements.filter((s) => s.Resource === '*');
    expect(onStar.map((s) => s.Action)).toEqual([
      ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules'],
    ]);
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
    expect(actions.sort()).toEqual([
      'codedeploy:GetDeploymentGroup',
      'codedeploy:ListDeployments',
      'ecs:DescribeServices',
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:ModifyListener',
      'elasticloadbalancing:ModifyRule',
    ]);
  });
});

describe('two web services, one behind an ALB and one behind an NLB (the three-service fixture)', () => {
  const fixture = join(REPO_ROOT, 'test', 'fixtures', 'three-services.yaml');
  const three = synthesized(parseConfig(readFileSync(fixture, 'utf8'), fixture));
  const resources = three.environments.staging.toJSON().Resources as Record<string, { Type: string; Properties: Json }>;
  const statements = Object.entries(resources)
    .filter(([id, r]) => r.Type === 'AWS::IAM::Policy' && id.startsWith('ListenerRepoint'))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Json[] }).Statement);
  const statementOf = (action: string) => statements.find((s) => s.Action === action)!;

  test("ModifyListener names both services' production and test listeners", () => {
    const named = (statementOf('elasticloadbalancing:ModifyListener').Resource as { Ref: string }[]).map((r) => r.Ref);
    expect(named).toHaveLength(4);
    for (const id of named) expect(resources[id].Type).toBe('AWS::ElasticLoadBalancingV2::Listener');
  });

  test("ModifyRule reaches only the rules of the ALB's listeners: an NLB listener has no rules", () => {
    const rules = JSON.stringify(statementOf('elasticloadbalancing:ModifyRule').Resource);
    const balancers = Object.entries(resources).filter(
      ([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    );
    const alb = balancers.find(([, r]) => r.Properties.Type === 'application')![0];
    const nlb = balancers.find(([, r]) => r.Properties.Type === 'network')![0];
    expect(rules).toContain(`"Fn::GetAtt":["${alb}","LoadBalancerFullName"]`);
    expect(rules).not.toContain(nlb);
  });
});
