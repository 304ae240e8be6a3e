import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBuildSpec } from '../../../pipeline/delivery/buildspec-file';
import type { Template } from 'aws-cdk-lib/assertions';
import { checkPipelineTemplate, type TemplateJson } from '../../../core/guardrails';
import { protectedAccountReach } from '../../../core/preflight/rules/protected-account-reach';
import { loadConfig } from '../../../model/config';
import { releaseAccountOf } from '../../../model/release-split';
import { guardrailsWith } from '../../core/guardrails/fixtures';
import { assemblyOf, runRule, stack } from '../../core/preflight/harness';
import { fixtureConfig, REPO_ROOT } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

// GIVEN issue 22's all-capabilities fixture (web with a release task, a worker and a singleton beat; dev and staging
// in the delivery pipeline, prod protected) and the Django/Celery fixture (the same workers, no release task).
const capabilities = synthesized(fixtureConfig('all-capabilities'));
const celery = synthesized(loadConfig(join(REPO_ROOT, 'test', 'fixtures', 'django-celery.yaml'), REPO_ROOT));

interface Action {
  Name: string;
  RunOrder: number;
  ActionTypeId: { Category: string; Provider: string };
  Configuration?: { ProjectName?: { Ref: string }; EnvironmentVariables?: string };
}
type Resources = Record<string, { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] }>;
const resourcesOf = (template: Template) => template.toJSON().Resources as Resources;
const stageOf = (template: Template, name: string): Action[] => {
  const [pipeline] = Object.values(template.findResources('AWS::CodePipeline::Pipeline'));
  return (pipeline.Properties.Stages as { Name: string; Actions: Action[] }[]).find((s) => s.Name === name)!.Actions;
};
const runOrderOf = (actions: Action[], name: string) => actions.find((a) => a.Name === name)!.RunOrder;
const variablesOf = (action: Action) =>
  JSON.parse(action.Configuration!.EnvironmentVariables!) as { name: string; value: string }[];

describe('a worker service names its task definition family, so the stack update does not roll it', () => {
  const staging = resourcesOf(capabilities.environments.staging);
  const serviceNamed = (name: string) =>
    Object.entries(staging).find(([, r]) => r.Type === 'AWS::ECS::Service' && r.Properties.ServiceName === name)!;

  test.each(['helpdesk-staging-worker', 'helpdesk-staging-beat'])(
    '%s: TaskDefinition is the bare family, and the service still depends on its task definition',
    (name) => {
      const [, service] = serviceNamed(name);
      expect(service.Properties.TaskDefinition).toBe(name);
      const [taskDefinitionId] = Object.entries(staging).find(
        ([, r]) => r.Type === 'AWS::ECS::TaskDefinition' && r.Properties.Family === name,
      )!;
      expect(service.DependsOn).toContain(taskDefinitionId);
    },
  );

  test.each(['helpdesk-staging-worker', 'helpdesk-staging-beat'])(
    "%s: a replaced or rolled-back revision stays registered (ECS refuses a service update to an INACTIVE one); the web's does not",
    (name) => {
      const policyOf = (family: string) =>
        Object.values(staging).find((r) => r.Type === 'AWS::ECS::TaskDefinition' && r.Properties.Family === family) as {
          UpdateReplacePolicy?: string;
          DeletionPolicy?: string;
        };
      expect(policyOf(name)).toMatchObject({ UpdateReplacePolicy: 'Retain', DeletionPolicy: 'Retain' });
      expect(policyOf('helpdesk-staging-web').UpdateReplacePolicy).toBeUndefined();
    },
  );

  test('the singleton keeps its 0/100 deployment configuration', () => {
    const [, beat] = serviceNamed('helpdesk-staging-beat');
    expect(beat.Properties.DeploymentConfiguration).toMatchObject({ MinimumHealthyPercent: 0, MaximumPercent: 100 });
  });
});

describe('the delivery pipeline moves the workers in a step of their own', () => {
  test.each(['dev', 'staging'])(
    '%s: RollWorkers runs after the release task and the blue/green deployment, and before the bake',
    (name) => {
      const actions = stageOf(capabilities.pipeline, name);
      expect(runOrderOf(actions, 'RollWorkers')).toBeGreaterThan(runOrderOf(actions, 'Release-web'));
      expect(runOrderOf(actions, 'RollWorkers')).toBeGreaterThan(runOrderOf(actions, 'BlueGreen-web'));
      expect(runOrderOf(actions, 'Bake')).toBeGreaterThan(runOrderOf(actions, 'RollWorkers'));
    },
  );

  test('without a release task, RollWorkers still runs: after the deploy and the blue/green deployment', () => {
    const actions = stageOf(celery.pipeline, 'staging');
    const deploy = Math.max(
      ...actions.filter((a) => a.ActionTypeId.Provider === 'CloudFormation').map((a) => a.RunOrder),
    );
    expect(runOrderOf(actions, 'RollWorkers')).toBeGreaterThan(deploy);
    expect(runOrderOf(actions, 'RollWorkers')).toBeGreaterThan(runOrderOf(actions, 'BlueGreen-web'));
    expect(runOrderOf(actions, 'Bake')).toBeGreaterThan(runOrderOf(actions, 'RollWorkers'));
  });

  test("RollWorkers gets each worker's registered revision from the stack outputs, and the roller role to use", () => {
    const rollWorkers = stageOf(capabilities.pipeline, 'staging').find((a) => a.Name === 'RollWorkers')!;
    const variables = Object.fromEntries(variablesOf(rollWorkers).map((v) => [v.name, v.value]));
    expect(variables).toEqual({
      WORKER_TASK_DEFINITION_0: expect.stringMatching(/^#\{.+\.WorkerTaskDefinitionArn\}$/),
      WORKER_TASK_DEFINITION_1: expect.stringMatching(/^#\{.+\.BeatTaskDefinitionArn\}$/),
    });
    const project = resourcesOf(capabilities.pipeline)[rollWorkers.Configuration!.ProjectName!.Ref];
    const fixed = (project.Properties.Environment as { EnvironmentVariables: { Name: string; Value: string }[] })
      .EnvironmentVariables;
    expect(fixed).toContainEqual({
      Name: 'ROLLER_ROLE_ARN',
      Type: 'PLAINTEXT',
      Value: 'arn:aws:iam::510000000003:role/helpdesk-staging-worker-roller-euc1',
    });
  });

  test('its step role in the tools account may assume only the worker roller role of that environment', () => {
    const policies = Object.values(resourcesOf(capabilities.pipeline)).filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes('stagingRollWorkersStepRole'),
    );
    const assumed = policies
      .flatMap(
        (p) => (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement,
      )
      .filter((s) => JSON.stringify(s.Action).includes('sts:AssumeRole'))
      .map((s) => s.Resource);
    expect(assumed).toHaveLength(1);
    expect(JSON.stringify(assumed[0])).toMatch(/helpdesk-staging-worker-roller-/);
  });
});

describe("the release pipeline moves a protected environment's workers after its release task", () => {
  const actions = stageOf(capabilities.release!, 'prod');
  const rollWorkers = actions.find((a) => a.Name === 'RollWorkers')!;

  test('RollWorkers runs after Release-web and BlueGreen-web, and before the bake', () => {
    expect(rollWorkers.RunOrder).toBeGreaterThan(runOrderOf(actions, 'Release-web'));
    expect(rollWorkers.RunOrder).toBeGreaterThan(runOrderOf(actions, 'BlueGreen-web'));
    expect(runOrderOf(actions, 'Bake')).toBeGreaterThan(rollWorkers.RunOrder);
  });

  test("it verifies the approved hash first, then rolls with the Deploy step's outputs", () => {
    const project = resourcesOf(capabilities.release!)[rollWorkers.Configuration!.ProjectName!.Ref];
    const commands: string[] = JSON.parse((project.Properties.Source as { BuildSpec: string }).BuildSpec).phases.build
      .commands;
    const own = commands.filter((c) => !c.includes('npm ci --omit=dev') && !c.startsWith('export PATH='));
    expect(own[0]).toBe('bluegreen handoff verify . --hash "$APPROVED_HASH"');
    expect(own.at(-1)).toContain('bluegreen roll-workers --environment "$ENVIRONMENT"');
    const variables = Object.fromEntries(variablesOf(rollWorkers).map((v) => [v.name, v.value]));
    expect(variables.WORKER_TASK_DEFINITION_0).toMatch(/^#\{prodDeploy\.OUT_\d+\}$/);
    expect(variables.WORKER_TASK_DEFINITION_1).toMatch(/^#\{prodDeploy\.OUT_\d+\}$/);
  });

  test('the delivery pipeline has no RollWorkers for prod: the protected environment is not one of its stages', () => {
    const [pipeline] = Object.values(capabilities.pipeline.findResources('AWS::CodePipeline::Pipeline'));
    expect((pipeline.Properties.Stages as { Name: string }[]).map((s) => s.Name)).not.toContain('prod');
  });
});

describe("the environment's worker roller role", () => {
  const staging = resourcesOf(capabilities.environments.staging);
  const [rollerId, roller] = Object.entries(staging).find(
    ([, r]) =>
      r.Type === 'AWS::IAM::Role' && String(r.Properties.RoleName).startsWith('helpdesk-staging-worker-roller'),
  )!;
  const statements = Object.values(staging)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(rollerId))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement);
  const serviceIds = (names: string[]) =>
    Object.entries(staging)
      .filter(([, r]) => r.Type === 'AWS::ECS::Service' && names.includes(String(r.Properties.ServiceName)))
      .map(([id]) => ({ Ref: id }));

  test('trusts exactly the RollWorkers step role of the tools account', () => {
    const trust = (roller.Properties.AssumeRolePolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(trust).toHaveLength(1);
    expect(JSON.stringify(trust[0].Condition)).toMatch(
      /"ArnEquals":\{"aws:PrincipalArn":"arn:aws:iam::510000000001:role\/helpdesk-staging-roll-workers-step-/,
    );
  });

  test('may update and describe only the worker services, each only to the revision this stack registers for it', () => {
    const [worker] = serviceIds(['helpdesk-staging-worker']);
    const [beat] = serviceIds(['helpdesk-staging-beat']);
    const revision = (family: string) => {
      const found = Object.entries(staging).filter(
        ([, r]) => r.Type === 'AWS::ECS::TaskDefinition' && r.Properties.Family === family,
      );
      expect(found).toHaveLength(1);
      return { Ref: found[0][0] };
    };
    // The Ref of a task definition is its ARN with the revision this stack update registered; one statement per
    // worker, so the worker service cannot be moved to beat's revision or the other way round.
    expect(statements.filter((s) => s.Action === 'ecs:UpdateService')).toEqual([
      expect.objectContaining({
        Resource: worker,
        Condition: { ArnEquals: { 'ecs:task-definition': revision('helpdesk-staging-worker') } },
      }),
      expect.objectContaining({
        Resource: beat,
        Condition: { ArnEquals: { 'ecs:task-definition': revision('helpdesk-staging-beat') } },
      }),
    ]);
    const describe = statements.filter((s) => s.Action === 'ecs:DescribeServices');
    expect(describe).toHaveLength(1);
    expect(describe[0].Resource).toEqual(expect.arrayContaining([worker, beat]));
    expect(describe[0].Resource).toHaveLength(2);
    expect(statements).toHaveLength(3);
  });

  test('an application without workers has no roller role', () => {
    const shipped = resourcesOf(synthesized().environments.staging);
    expect(
      Object.values(shipped).filter((r) => String(r.Properties?.RoleName ?? '').includes('worker-roller')),
    ).toEqual([]);
  });
});

describe('a protected environment is reached only after its approval, RollWorkers included', () => {
  const config = fixtureConfig('all-capabilities');
  const prod = config.environments.find((e) => e.name === 'prod')!;

  test('protected-account-reach: the delivery stack and the unprotected environments reach no role of prod', () => {
    const asStack = (id: string, template: Template, account: string) => {
      const json = template.toJSON();
      return stack(id, { account, resources: json.Resources, outputs: json.Outputs ?? {} });
    };
    const assembly = assemblyOf(
      asStack('helpdesk-release', capabilities.release!, releaseAccountOf(config)),
      asStack('helpdesk-pipeline', capabilities.pipeline, config.pipeline.account),
      asStack('helpdesk-dev-service', capabilities.environments.dev, config.environments[0].account),
      asStack('helpdesk-staging-service', capabilities.environments.staging, config.environments[1].account),
    );
    expect(runRule(protectedAccountReach, assembly)).toEqual([]);
  });

  test("guardrails check: the release pipeline's RollWorkers for prod comes after the approval", () => {
    const guardrails = guardrailsWith((g) => {
      (g as { protectedAccounts: string[] }).protectedAccounts = [prod.account];
    });
    const release = capabilities.release!.toJSON() as TemplateJson;
    const prodRollWorkers = stageOf(capabilities.release!, 'prod').find((a) => a.Name === 'RollWorkers');
    expect(prodRollWorkers).toBeDefined();
    expect(checkPipelineTemplate(release, 'helpdesk-release', guardrails).map((v) => v.path)).toEqual([]);
    expect(
      checkPipelineTemplate(capabilities.pipeline.toJSON() as TemplateJson, 'helpdesk-pipeline', guardrails),
    ).toEqual([]);
  });
});

test('the roll-workers buildspec passes each worker revision as one argument, whatever the candidate put in it, under sh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roll-workers-'));
  try {
    // bluegreen prints its arguments, one per line.
    writeFileSync(join(dir, 'bluegreen'), '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n');
    chmodSync(join(dir, 'bluegreen'), 0o755);
    const roll = loadBuildSpec('release/roll-workers.yml').commands.at(-1)!;
    const run = spawnSync('sh', ['-c', roll], {
      encoding: 'utf8',
      env: {
        PATH: `${dir}:${process.env.PATH}`,
        ENVIRONMENT: 'prod',
        TIMEOUT_SECONDS: '600',
        WORKER_TASK_DEFINITION_0: 'arn:aws:ecs:eu-west-1:333333333333:task-definition/app-prod-worker:7',
        WORKER_TASK_DEFINITION_1: 'arn:x --config evil.yaml',
      },
    });
    expect(run.status).toBe(0);
    const args = run.stdout.trim().split('\n');
    expect(args.slice(0, 5)).toEqual(['roll-workers', '--environment', 'prod', '--timeout-seconds', '600']);
    // env lists variables in no fixed order: each pair stays whole.
    const pairs = [args.slice(5, 7), args.slice(7, 9)].map((pair) => pair.join(' | ')).sort();
    expect(pairs).toEqual([
      '--task-definition | arn:aws:ecs:eu-west-1:333333333333:task-definition/app-prod-worker:7',
      '--task-definition | arn:x --config evil.yaml',
    ]);
    expect(args).toHaveLength(9);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
