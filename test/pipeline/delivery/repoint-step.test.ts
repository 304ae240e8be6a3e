import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../model/config';
import { REPOINT_ENVIRONMENT } from '../../../model/lambda-contracts';
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

  test("it only invokes the environment's re-point function, through its re-point role", () => {
    const commands = commandsOf(template(), repoint);
    expect(commands.some((c) => /bluegreen listeners --repoint --invoke --environment "\$ENVIRONMENT"$/.test(c))).toBe(
      true,
    );
    expect(commands.some((c) => c.includes('--dry-run'))).toBe(false);
    if (environment === 'prod') expect(commands).toContain('bluegreen handoff verify . --hash "$APPROVED_HASH"');
  });
});

type Resources = Record<string, { Type: string; Properties: Json }>;

/** Every statement of the AWS::IAM::Policy resources attached to the role with logical id `roleId`. */
const statementsOfRole = (resources: Resources, roleId: string): Json[] =>
  Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((ref) => ref.Ref === roleId))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Json[] }).Statement);
const actionsOf = (statements: Json[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? (s.Action as string[]) : [s.Action as string]));

describe("the environment's re-point role and function", () => {
  const staging = config.environments[0];
  const names = environmentNames(config.application, staging, config.pipeline.region);
  const resources = environments.staging.toJSON().Resources as Resources;
  const [roleId] = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::IAM::Role' && r.Properties.RoleName === names.listenerRepointRole)
    .map(([id]) => id);
  const [functionId] = Object.entries(resources)
    .filter(
      ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName === names.listenerRepointFunction,
    )
    .map(([id]) => id);
  const fn = resources[functionId];
  const functionRoleId = (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  const functionStatements = statementsOfRole(resources, functionRoleId);
  const listenerIds = Object.entries(resources)
    .filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener')
    .filter(([, r]) => r.Properties.Port !== 80 || JSON.stringify(r.Properties.DefaultActions).includes('forward'))
    .map(([id]) => id);

  test('the role trusts exactly the pipeline step role, by aws:PrincipalArn', () => {
    const trust = (resources[roleId].Properties.AssumeRolePolicyDocument as { Statement: Json[] }).Statement;
    expect(trust).toHaveLength(1);
    expect(JSON.stringify(trust[0].Condition)).toContain(`:role/${names.repointStepRole}`);
  });

  test('the role may invoke that one function and do nothing else: no Elastic Load Balancing action at all', () => {
    const statements = statementsOfRole(resources, roleId);
    expect(statements).toEqual([
      { Action: 'lambda:InvokeFunction', Effect: 'Allow', Resource: { 'Fn::GetAtt': [functionId, 'Arn'] } },
    ]);
  });

  test('the function runs on Node.js 24 from its bundle, logs to a log group with retention, and has no input to read', () => {
    expect(fn.Properties.Runtime).toBe('nodejs24.x');
    expect(fn.Properties.Handler).toBe('index.handler');
    const logGroupId = (fn.Properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    expect(resources[logGroupId].Properties.RetentionInDays).toBeGreaterThan(0);
    expect(resources[logGroupId].Properties.KmsKeyId).toBeDefined();
    const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables[REPOINT_ENVIRONMENT.environment]).toBe('staging');
    expect(variables[REPOINT_ENVIRONMENT.application]).toBe(names.codeDeployApplication);
    const services = JSON.stringify(variables[REPOINT_ENVIRONMENT.services]);
    for (const id of listenerIds) expect(services).toContain(`"Ref":"${id}"`);
  });

  test("the function's ModifyListener names only the environment's traffic listeners, by reference", () => {
    const modify = functionStatements.filter((s) => s.Action === 'elasticloadbalancing:ModifyListener');
    expect(modify).toHaveLength(1);
    const named = (modify[0].Resource as { Ref: string }[]).map((r) => r.Ref).sort();
    // The production and test listeners CodeDeploy shifts traffic on, not the port-80 redirect.
    expect(named).toHaveLength(2);
    for (const id of named) expect(listenerIds).toContain(id);
    const group = Object.values(resources).find((r) => r.Type === 'AWS::CodeDeploy::DeploymentGroup')!;
    expect(JSON.stringify(group.Properties.LoadBalancerInfo)).toContain(named[0]);
    expect(JSON.stringify(group.Properties.LoadBalancerInfo)).toContain(named[1]);
  });

  test("the function's ModifyRule reaches only the rules of those two listeners", () => {
    const [modifyRule] = functionStatements.filter((s) => s.Action === 'elasticloadbalancing:ModifyRule');
    const rules = modifyRule.Resource as Json[];
    expect(rules).toHaveLength(2);
    const text = JSON.stringify(rules);
    expect(text).toContain(':listener-rule/');
    for (const id of listenerIds) expect(text).toContain(`"Ref":"${id}"`);
  });

  test('its only wildcard resources are the Describe actions and the VPC network interfaces, which support none', () => {
    const onStar = functionStatements.filter((s) => s.Resource === '*');
    expect(actionsOf(onStar).filter((a) => !a.startsWith('ec2:'))).toEqual([
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeRules',
    ]);
    expect(
      actionsOf(functionStatements)
        .filter((a) => a.startsWith('elasticloadbalancing:'))
        .sort(),
    ).toEqual([
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
  const resources = three.environments.staging.toJSON().Resources as Resources;
  const [fn] = Object.values(resources).filter(
    (r) => r.Type === 'AWS::Lambda::Function' && String(r.Properties.FunctionName).endsWith('-listener-repoint'),
  );
  const statements = statementsOfRole(resources, (fn.Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]);
  const statementOf = (action: string) => statements.find((s) => s.Action === action)!;

  test("ModifyListener names both services' production and test listeners", () => {
    const named = (statementOf('elasticloadbalancing:ModifyListener').Resource as { Ref: string }[]).map((r) => r.Ref);
    expect(named).toHaveLength(4);
    for (const id of named) expect(resources[id].Type).toBe('AWS::ElasticLoadBalancingV2::Listener');
  });

  test("ModifyRule reaches only the rules of the ALB's listeners: an NLB listener has no rules", () => {
    const rules = statementOf('elasticloadbalancing:ModifyRule').Resource as Json[];
    expect(rules).toHaveLength(2);
    const nlbListeners = Object.entries(resources)
      .filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener')
      .filter(([, r]) => ['TCP', 'TLS'].includes(r.Properties.Protocol as string))
      .map(([id]) => id);
    expect(nlbListeners.length).toBeGreaterThan(0);
    for (const id of nlbListeners) expect(JSON.stringify(rules)).not.toContain(`"Ref":"${id}"`);
  });
});
