import type { Template } from 'aws-cdk-lib/assertions';
import { resourcePolicyConfusedDeputy } from '../../core/preflight/rules/resource-policy-confused-deputy';
import type { TemplateResource } from '../../core/preflight/assembly-model';
import { CONFUSED_DEPUTY_SERVICES, SOURCE_ACCOUNT_RESOURCE_GRANTS } from '../../model/confused-deputy-services';
import { deployingAccountOf, releaseAccountOf } from '../../model/release-split';
import { assemblyOf, runRule, stack } from '../core/preflight/harness';
import { RELABEL_ASSET_MANIFESTS_COMMAND } from '../../pipeline/delivery/asset-manifest-version';
import { TOOL_VERSIONS } from '../../pipeline/delivery/tool-versions';
import { shippedConfig } from '../support/configs';
import { synthesized } from '../support/synthesized';

// GIVEN the shipped configuration, synthesized once per run: what each role may do, and who may assume it.
const config = shippedConfig();
const { pipeline, release, environments, stacks } = synthesized(config);
const templates: [string, Template][] = [
  ['pipeline', pipeline],
  ['release', release!],
  ...Object.entries(environments),
];

interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);
const resourcesOf = (s: Statement) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);

/** Every identity-policy statement of a template, with the logical ids of the roles it is attached to. */
function identityStatements(template: Template): { roles: string[]; statement: Statement }[] {
  const found: { roles: string[]; statement: Statement }[] = [];
  for (const [id, role] of Object.entries(template.findResources('AWS::IAM::Role'))) {
    for (const policy of role.Properties.Policies ?? []) {
      for (const statement of policy.PolicyDocument.Statement) found.push({ roles: [id], statement });
    }
  }
  for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
    // A role of this template by Ref, or one of another stack (the environment's access stack) by name.
    const roles = (policy.Properties.Roles ?? []).map((r: { Ref: string } | string) =>
      typeof r === 'string' ? r : r.Ref,
    );
    for (const statement of policy.Properties.PolicyDocument.Statement) found.push({ roles, statement });
  }
  return found;
}

const environmentAccount = (name: string) => config.environments.find((e) => e.name === name)!.account;

function roleNamed(template: Template, roleName: string) {
  const found = Object.entries(template.findResources('AWS::IAM::Role')).find(
    ([, r]) => r.Properties.RoleName === roleName,
  );
  if (!found) throw new Error(`no role named ${roleName}`);
  return { id: found[0], role: found[1] };
}

function allowedTo(template: Template, roleId: string, action: string): Statement[] {
  return identityStatements(template)
    .filter(({ roles, statement }) => roles.includes(roleId) && statement.Effect === 'Allow')
    .map(({ statement }) => statement)
    .filter((s) => actionsOf(s).includes(action));
}

test.each(templates)('%s: no role may pass any role (iam:PassRole on *)', (_name, template) => {
  const wide = identityStatements(template).filter(
    ({ statement }) =>
      statement.Effect === 'Allow' &&
      actionsOf(statement).some((a) => a === 'iam:PassRole' || a === 'iam:*' || a === '*') &&
      resourcesOf(statement).includes('*'),
  );
  expect(wide).toEqual([]);
});

describe.each(config.environments.map((e) => [e.name, e.approval]))(
  '%s: roles the pipeline account assumes',
  (name, approval) => {
    const template = environments[name];
    const prefix = `${config.application}-${name}`;
    // A protected environment is deployed by the release pipeline, whose role its CodeDeploy action role trusts.
    const pipelineRole = approval
      ? `${config.application}-release-role-euw1`
      : `${config.application}-pipeline-role-euw1`;
    const pipelineAccount = deployingAccountOf(config, { approval });
    // The CodeDeploy action role exists before the pipeline, in the environment's access stack; its permissions come
    // with the environment's stack, attached by name.
    const access = stacks[`${prefix}-access`].template;
    const trustedPrincipal = (roleName: string) => {
      const holder = roleName.endsWith('-cd-action-euw1') ? access : template;
      const statement = roleNamed(holder, roleName).role.Properties.AssumeRolePolicyDocument.Statement[0];
      return { principal: statement.Principal, condition: statement.Condition };
    };

    test.each([
      [`${prefix}-taskdef-reader-euw1`, `${prefix}-render-euw1`],
      [`${prefix}-alarm-reader-euw1`, `${prefix}-bake-euw1`],
      [`${prefix}-cd-action-euw1`, pipelineRole],
    ])('%s trusts exactly the pipeline role %s, not its whole account', (roleName, principalRole) => {
      expect(trustedPrincipal(roleName).condition).toEqual({
        ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${pipelineAccount}:role/${principalRole}` },
      });
    });

    test('the alarm reader may DescribeAlarms on * (composite alarms are returned only then)', () => {
      const { id } = roleNamed(template, `${prefix}-alarm-reader-euw1`);
      expect(allowedTo(template, id, 'cloudwatch:DescribeAlarms').map((s) => s.Resource)).toEqual(['*']);
    });

    test('the CodeDeploy action role passes only the task roles and may tag what it registers', () => {
      const id = `${prefix}-cd-action-euw1`;
      expect(roleNamed(access, id).role.Properties.Policies).toBeUndefined();
      const [passRole] = allowedTo(template, id, 'iam:PassRole');
      expect(JSON.stringify(passRole.Resource)).toContain('TaskRole');
      expect(JSON.stringify(passRole.Resource)).toContain('ExecutionRole');
      expect(passRole.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } });
      const [tag] = allowedTo(template, id, 'ecs:TagResource');
      expect(tag.Condition).toEqual({ StringEquals: { 'ecs:CreateAction': 'RegisterTaskDefinition' } });
      const [decrypt] = allowedTo(template, id, 'kms:Decrypt');
      expect(JSON.stringify(decrypt.Resource)).toContain(`:kms:*:${pipelineAccount}:key/*`);
    });

    test('CodeDeploy uses the limited ECS policy, which invokes only CodeDeployHook_* functions', () => {
      const codeDeployRoles = Object.values(template.findResources('AWS::IAM::Role')).filter(
        (r) => r.Properties.AssumeRolePolicyDocument.Statement[0].Principal.Service === 'codedeploy.amazonaws.com',
      );
      expect(codeDeployRoles).toHaveLength(1);
      const managed = JSON.stringify(codeDeployRoles[0].Properties.ManagedPolicyArns);
      expect(managed).toContain('AWSCodeDeployRoleForECSLimited');
      expect(managed).not.toMatch(/AWSCodeDeployRoleForECS"/);
    });

    test('the lifecycle hook may create its network interfaces and is never retried into a second report', () => {
      const [hookId] = Object.entries(template.findResources('AWS::Lambda::Function')).find(([, f]) =>
        String(f.Properties.FunctionName).startsWith('CodeDeployHook_'),
      )!;
      const hook = template.findResources('AWS::Lambda::Function')[hookId];
      const roleId = hook.Properties.Role['Fn::GetAtt'][0];
      for (const action of [
        'ec2:CreateNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DeleteNetworkInterface',
      ]) {
        expect(allowedTo(template, roleId, action)).toHaveLength(1);
      }
      template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
        FunctionName: { Ref: hookId },
        MaximumRetryAttempts: 0,
      });
    });

    test('task roles trust ECS tasks of this account only', () => {
      const { role } = roleNamed(template, `${prefix}-task-exec-euw1`);
      expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toMatchObject({
        StringEquals: { 'aws:SourceAccount': config.environments.find((e) => e.name === name)!.account },
      });
    });
  },
);

test.each(templates)(
  '%s: every role CodeBuild, CodePipeline, CodeDeploy, flow logs or RDS monitoring assumes names its source account or resource',
  (_, template) => {
    const services = Object.keys(CONFUSED_DEPUTY_SERVICES);
    const trusts = Object.entries(template.findResources('AWS::IAM::Role')).flatMap(([id, role]) =>
      (role.Properties.AssumeRolePolicyDocument.Statement as (Statement & { Principal: { Service?: string } })[])
        .filter((s) => services.includes(String(s.Principal.Service)))
        .map((s) => ({ id, keys: Object.values(s.Condition ?? {}).flatMap((operator) => Object.keys(operator)) })),
    );
    expect(trusts.length).toBeGreaterThan(0);
    expect(trusts.filter((t) => !t.keys.some((k) => k === 'aws:SourceAccount' || k === 'aws:SourceArn'))).toEqual([]);
  },
);

test.each(templates)(
  "%s: every resource policy grants AWS services for this account only, CDK's own log-delivery and notification grants too",
  (name, template) => {
    const account =
      name === 'pipeline'
        ? config.pipeline.account
        : name === 'release'
          ? releaseAccountOf(config)
          : environmentAccount(name);
    const resources = template.toJSON().Resources as Record<string, TemplateResource>;
    expect(runRule(resourcePolicyConfusedDeputy, assemblyOf(stack(name, { account, resources })))).toEqual([]);
    // Those grants are there to judge: the topic's (every stack) and the access logs' (each environment).
    const granted = JSON.stringify(resources);
    for (const service of Object.keys(SOURCE_ACCOUNT_RESOURCE_GRANTS)) {
      if (service === 'codestar-notifications.amazonaws.com' || !['pipeline', 'release'].includes(name))
        expect({ service, granted: granted.includes(`"${service}"`) }).toEqual({ service, granted: true });
    }
  },
);

describe('the pipeline account', () => {
  test('the asset-publishing role is denied starting or stopping builds', () => {
    const deny = identityStatements(pipeline).find(
      ({ roles, statement }) =>
        statement.Effect === 'Deny' &&
        actionsOf(statement).includes('codebuild:StartBuild') &&
        roles.some((r) => r.includes('AssetsFileRole')),
    );
    expect(deny?.statement.Resource).toBe('*');
  });

  test('self-mutation and asset publishing install pinned CLI versions', () => {
    const installs = Object.values(pipeline.findResources('AWS::CodeBuild::Project'))
      .map((p) => JSON.parse(p.Properties.Source.BuildSpec).phases?.install?.commands ?? [])
      .flat()
      .filter((c: string) => c.startsWith('npm install -g'));
    expect(installs.length).toBeGreaterThan(0);
    for (const command of installs)
      expect(command).toMatch(/^npm install -g (aws-cdk@2\.\d+\.\d+|cdk-assets@\d+\.\d+\.\d+)$/);
  });

  test('every asset project relabels the asset manifests for the pinned cdk-assets before it publishes', () => {
    const phases = Object.values(pipeline.findResources('AWS::CodeBuild::Project'))
      .map((p) => JSON.parse(p.Properties.Source.BuildSpec).phases)
      .filter((p) => (p?.build?.commands ?? []).some((c: string) => c.startsWith('cdk-assets ')));
    expect(phases.length).toBeGreaterThan(0);
    for (const phase of phases) {
      expect(phase.install.commands).toEqual([`npm install -g cdk-assets@${TOOL_VERSIONS.cdkAssets}`]);
      expect(phase.pre_build.commands).toEqual([RELABEL_ASSET_MANIFESTS_COMMAND]);
    }
  });

  test('every project pins Node 22', () => {
    for (const project of Object.values(pipeline.findResources('AWS::CodeBuild::Project'))) {
      expect(JSON.parse(project.Properties.Source.BuildSpec).phases.install['runtime-versions']).toEqual({
        nodejs: 22,
      });
    }
  });

  test('the pipeline role may use the connection under the prefix its ARN has', () => {
    const { id } = roleNamed(pipeline, `${config.application}-pipeline-role-euw1`);
    expect(allowedTo(pipeline, id, 'codeconnections:UseConnection').map((s) => s.Resource)).toEqual([
      config.source.connectionArn,
    ]);
  });

  test('the connection serves only the configured repository: other repositories are denied under both prefixes', () => {
    const denies = identityStatements(pipeline)
      .map(({ statement }) => statement)
      .filter((s) => s.Effect === 'Deny' && actionsOf(s).some((a) => a.endsWith(':UseConnection')));
    expect(denies.map((s) => [actionsOf(s), s.Resource, s.Condition])).toEqual(
      ['codestar-connections', 'codeconnections'].map((prefix) => [
        [`${prefix}:UseConnection`],
        config.source.connectionArn,
        {
          StringNotEquals: { [`${prefix}:FullRepositoryId`]: config.source.repository },
          Null: { [`${prefix}:FullRepositoryId`]: 'false' },
        },
      ]),
    );
  });

  test('no stack the pipeline updates owns the guardrails parameter; the synth role only reads it, every role is denied writing it', () => {
    const stacks = templates.map(([, template]) => template);
    for (const template of stacks) expect(template.findResources('AWS::SSM::Parameter')).toEqual({});
    const name = `/bluegreen/${config.application}/guardrails`;
    const arn = `arn:aws:ssm:${config.pipeline.region}:${config.pipeline.account}:parameter${name}`;
    const readers = identityStatements(pipeline).filter(
      ({ statement }) => statement.Effect === 'Allow' && actionsOf(statement).some((a) => a.startsWith('ssm:')),
    );
    expect(readers.map(({ statement }) => [actionsOf(statement), JSON.stringify(statement.Resource)])).toEqual([
      [['ssm:GetParameter'], JSON.stringify(arn)],
    ]);
    const roles = Object.keys(pipeline.findResources('AWS::IAM::Role'));
    const denied = new Set(
      identityStatements(pipeline)
        .filter(({ statement }) => statement.Effect === 'Deny' && actionsOf(statement).includes('ssm:PutParameter'))
        .flatMap(({ roles }) => roles),
    );
    expect(roles.filter((r) => !denied.has(r))).toEqual([]);
  });

  test('each fixed-name step role may be assumed by CodeBuild only for the projects that use it (aws:SourceArn)', () => {
    const projects = Object.values(pipeline.findResources('AWS::CodeBuild::Project'));
    const stepRoles = Object.entries(pipeline.findResources('AWS::IAM::Role')).filter(
      ([, role]) =>
        typeof role.Properties.RoleName === 'string' &&
        JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('codebuild.amazonaws.com'),
    );
    expect(stepRoles.length).toBeGreaterThanOrEqual(2 * config.environments.length);
    for (const [id, role] of stepRoles) {
      const users = projects.filter((p) => JSON.stringify(p.Properties.ServiceRole).includes(`"${id}"`));
      const arns = users.map(
        (p) => `arn:aws:codebuild:${config.pipeline.region}:${config.pipeline.account}:project/${p.Properties.Name}`,
      );
      expect(users.length).toBeGreaterThan(0);
      expect(users.every((p) => typeof p.Properties.Name === 'string')).toBe(true);
      const [statement] = role.Properties.AssumeRolePolicyDocument.Statement as Statement[];
      const pinned = statement.Condition?.ArnEquals?.['aws:SourceArn'];
      expect([pinned].flat().sort()).toEqual(arns.sort());
      expect(statement.Condition?.StringEquals?.['aws:SourceAccount']).toBe(config.pipeline.account);
    }
  });

  test('render is fed the task definition revision CloudFormation registered, from the stack output', () => {
    const stages = Object.values(pipeline.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages as {
      Name: string;
      Actions: { Name: string; Configuration: { EnvironmentVariables?: string } }[];
    }[];
    for (const environment of config.environments.filter((e) => !e.approval)) {
      const render = stages.find((s) => s.Name === environment.name)!.Actions.find((a) => a.Name === 'Render')!;
      expect(JSON.parse(render.Configuration.EnvironmentVariables!)).toEqual([
        expect.objectContaining({
          name: 'TASK_DEFINITION_ARN',
          value: expect.stringMatching(/\.TaskDefinitionArn\}$/),
        }),
      ]);
    }
    // In the release pipeline, from the output of the Deploy step that deployed the approved templates.
    const releaseStages = Object.values(release!.findResources('AWS::CodePipeline::Pipeline'))[0].Properties
      .Stages as typeof stages;
    for (const environment of config.environments.filter((e) => e.approval)) {
      const render = releaseStages.find((s) => s.Name === environment.name)!.Actions.find((a) => a.Name === 'Render')!;
      expect(JSON.parse(render.Configuration.EnvironmentVariables!)).toContainEqual(
        expect.objectContaining({
          name: 'TASK_DEFINITION_ARN',
          value: expect.stringMatching(new RegExp(`^#\\{${environment.name}Deploy\\.OUT_\\d+\\}$`)),
        }),
      );
    }
  });
});

test('the production listener of the environment that requires approval is HTTPS', () => {
  for (const environment of config.environments.filter((e) => e.approval)) {
    environments[environment.name].hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
    });
  }
});
