import { Match, type Template } from 'aws-cdk-lib/assertions';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../../model/config';
import { REPO_ROOT } from '../support/configs';
import { synthesized } from '../support/synthesized';

// (Its policy gates, preflight and cfn-lint run in CI over this fixture: scripts/check-examples.sh.)
// GIVEN an application of three services: a web service on an ALB (with a sidecar), an API on an NLB and a worker.
const FIXTURE = join(REPO_ROOT, 'test', 'fixtures', 'three-services.yaml');
const fixtureText = readFileSync(FIXTURE, 'utf8');
const config = parseConfig(fixtureText, FIXTURE);
const app = synthesized(config);
const staging = app.environments.staging;
// prod is protected, so its stage is the release pipeline's.
const stages: { Name: string; Actions: { Name: string; RunOrder: number; ActionTypeId: { Provider: string } }[] }[] = [
  app.pipeline,
  app.release!,
].flatMap((template) => Object.values(template.findResources('AWS::CodePipeline::Pipeline'))[0].Properties.Stages);
const stage = (name: string) => stages.find((s) => s.Name === name)!;

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: unknown };
const resources = (template: Template): Record<string, Resource> =>
  template.toJSON().Resources as Record<string, Resource>;

describe('web services', () => {
  test('each has its own load balancer: one ALB, one NLB with a security group set at creation', () => {
    const balancers = Object.values(staging.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
    expect(balancers.map((b) => b.Properties.Type).sort()).toEqual(['application', 'network']);
    const nlb = balancers.find((b) => b.Properties.Type === 'network')!;
    expect(nlb.Properties.SecurityGroups).toHaveLength(1);
  });

  test('both are CODE_DEPLOY services, each with its own blue/green deployment group and test listener', () => {
    const services = Object.values(staging.findResources('AWS::ECS::Service'));
    const codeDeploy = services.filter((s) => s.Properties.DeploymentController?.Type === 'CODE_DEPLOY');
    expect(codeDeploy.map((s) => s.Properties.ServiceName).sort()).toEqual(['shop-staging-api', 'shop-staging-web']);
    const groups = Object.values(staging.findResources('AWS::CodeDeploy::DeploymentGroup'));
    expect(groups.map((g) => g.Properties.DeploymentGroupName).sort()).toEqual([
      'shop-staging-api-bluegreen',
      'shop-staging-web-bluegreen',
    ]);
    for (const group of groups) {
      const info = group.Properties.LoadBalancerInfo.TargetGroupPairInfoList[0];
      expect(info.TargetGroups).toHaveLength(2);
      expect(info.ProdTrafficRoute.ListenerArns).toHaveLength(1);
      expect(info.TestTrafficRoute.ListenerArns).toHaveLength(1);
    }
    // The NLB's listeners speak TCP, the ALB's HTTP.
    const protocols = Object.values(staging.findResources('AWS::ElasticLoadBalancingV2::Listener')).map(
      (l) => l.Properties.Protocol,
    );
    expect(protocols.sort()).toEqual(['HTTP', 'HTTP', 'TCP', 'TCP']);
  });

  test("each web service's scaling is suspended by its own group's deployments, the worker's by none", () => {
    const rules = Object.values(staging.findResources('AWS::Events::Rule')).filter(
      (r) => r.Properties.EventPattern?.source?.[0] === 'aws.codedeploy',
    );
    expect(rules.map((r) => r.Properties.EventPattern.detail.deploymentGroup[0]).sort()).toEqual([
      'shop-staging-api-bluegreen',
      'shop-staging-web-bluegreen',
    ]);
    const definitions = Object.values(staging.findResources('AWS::StepFunctions::StateMachine')).map((m) =>
      JSON.stringify(m.Properties.DefinitionString),
    );
    expect(
      definitions
        .filter((d) => d.includes('registerScalableTarget'))
        .map((d) => d.match(/\/(shop-staging-\w+)\\"/)?.[1])
        .sort(),
    ).toEqual(['shop-staging-api', 'shop-staging-web']);
  });

  test('the NLB service is watched by alarms an NLB can raise (no HTTP 5xx), the ALB service by 5xx and latency', () => {
    // The alarms the deployment groups roll back on; operational alarms (scaling suspension) watch other things.
    const rollbackAlarmIds = new Set(
      Object.values(staging.findResources('AWS::CodeDeploy::DeploymentGroup')).flatMap((g) =>
        (g.Properties.AlarmConfiguration.Alarms as { Name: { Ref: string } }[]).map((a) => a.Name.Ref),
      ),
    );
    const metrics = Object.entries(staging.findResources('AWS::CloudWatch::Alarm'))
      .filter(([id]) => rollbackAlarmIds.has(id))
      .map(([, a]) => `${a.Properties.AlarmName}:${a.Properties.Namespace}/${a.Properties.MetricName}`);
    expect(metrics.filter((m) => m.startsWith('shop-staging-api-')).sort()).toEqual([
      'shop-staging-api-BlueUnhealthyHosts:AWS/NetworkELB/UnHealthyHostCount',
      'shop-staging-api-ElbResets:AWS/NetworkELB/TCP_ELB_Reset_Count',
      'shop-staging-api-GreenUnhealthyHosts:AWS/NetworkELB/UnHealthyHostCount',
      'shop-staging-api-TargetResets:AWS/NetworkELB/TCP_Target_Reset_Count',
    ]);
    expect(metrics).toContain('shop-staging-web-BlueTarget5xx:AWS/ApplicationELB/HTTPCode_Target_5XX_Count');
  });

  test('a sidecar runs beside the app container, and the app gets the API address it uses', () => {
    staging.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: 'shop-staging-web',
      ContainerDefinitions: [
        Match.objectLike({
          Name: 'app',
          Memory: 512 - 128,
          Environment: Match.arrayWith([Match.objectLike({ Name: 'API_URL' })]),
        }),
        Match.objectLike({ Name: 'otel', Essential: false, Memory: 128 }),
      ],
    });
  });
});

describe('the worker', () => {
  const worker = Object.values(staging.findResources('AWS::ECS::Service')).find(
    (s) => s.Properties.ServiceName === 'shop-staging-worker',
  )!;

  test('rolls with the ECS controller, a circuit breaker with rollback and deployment alarms with rollback', () => {
    expect(worker.Properties.DeploymentController).toBeUndefined();
    expect(worker.Properties.LoadBalancers ?? []).toEqual([]);
    expect(worker.Properties.DeploymentConfiguration).toMatchObject({
      DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      Alarms: { Enable: true, Rollback: true },
      MinimumHealthyPercent: 100,
      MaximumPercent: 200,
    });
    const alarms = staging.findResources('AWS::CloudWatch::Alarm');
    const named = (worker.Properties.DeploymentConfiguration.Alarms.AlarmNames as { Ref: string }[]).map(
      ({ Ref }) => alarms[Ref].Properties.AlarmName,
    );
    expect(named).toEqual(['shop-staging-worker-CpuSaturated', 'shop-staging-worker-MemorySaturated']);
  });

  test('scales on CPU and on its queue, within its own bounds for the environment', () => {
    const targets = Object.values(staging.findResources('AWS::ApplicationAutoScaling::ScalableTarget'));
    const workerTarget = targets.find((t) => JSON.stringify(t.Properties.ResourceId).includes('Serviceworker'));
    expect(workerTarget?.Properties).toMatchObject({ MinCapacity: 1, MaxCapacity: 4 });
    staging.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        CustomizedMetricSpecification: Match.objectLike({ MetricName: 'QueueDepth', Namespace: 'Shop' }),
        TargetValue: 100,
      }),
    });
  });
});

describe('the pipeline', () => {
  test('builds each service image once, side by side, each gated before anything renders from it', () => {
    const image = stage('Image').Actions;
    const builds = image.filter((a) => a.Name.startsWith('BuildImage-'));
    expect(builds.map((a) => a.Name).sort()).toEqual(['BuildImage-api', 'BuildImage-web', 'BuildImage-worker']);
    expect(new Set(builds.map((a) => a.RunOrder)).size).toBe(1);
    expect(image.filter((a) => a.Name.startsWith('ScanImage-'))).toHaveLength(3);
    expect(app.pipeline.findResources('AWS::ECR::Repository')).toEqual(expect.objectContaining({}));
    const repositories = Object.values(app.pipeline.findResources('AWS::ECR::Repository')).map(
      (r) => r.Properties.RepositoryName,
    );
    expect(repositories.sort()).toEqual(['shop/api', 'shop/web', 'shop/worker']);
  });

  test.each(['staging', 'prod'])('%s: the web services deploy side by side, not one after another', (name) => {
    const blueGreens = stage(name).Actions.filter((a) => a.ActionTypeId.Provider === 'CodeDeployToECS');
    expect(blueGreens.map((a) => a.Name).sort()).toEqual(['BlueGreen-api', 'BlueGreen-web']);
    expect(new Set(blueGreens.map((a) => a.RunOrder)).size).toBe(1);
  });

  test.each(['staging', 'prod'])(
    '%s: the release task runs after CloudFormation registered the revision and before its blue/green',
    (name) => {
      const order = (action: string) => stage(name).Actions.find((a) => a.Name === action)!.RunOrder;
      // CloudFormation actions in the delivery pipeline, the Deploy step (cdk deploy) in the release pipeline.
      const deploy = Math.max(
        ...stage(name)
          .Actions.filter((a) => a.ActionTypeId.Provider === 'CloudFormation' || a.Name === 'Deploy')
          .map((a) => a.RunOrder),
      );
      expect(order('Release-web')).toBeGreaterThan(deploy);
      expect(order('Release-web')).toBeLessThan(order('BlueGreen-web'));
      // Only the service that declares a release task waits for one.
      expect(
        stage(name)
          .Actions.filter((a) => a.Name.startsWith('Release-'))
          .map((a) => a.Name),
      ).toEqual(['Release-web']);
    },
  );

  test('the release role may run only the releasing family on its own cluster and pass only its task roles', () => {
    const role = Object.values(staging.findResources('AWS::IAM::Role')).find(
      (r) => r.Properties.RoleName === 'shop-staging-release-euw1',
    )!;
    expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
      ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/shop-staging-release-step-euw1' },
    });
    const statements = Object.values(staging.findResources('AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties.Roles).includes('PipelineAccessRelease'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    const runTask = statements.find((s: { Action: unknown }) => s.Action === 'ecs:RunTask');
    expect(JSON.stringify(runTask.Resource)).toContain('task-definition/shop-staging-web:*');
    expect(JSON.stringify(runTask.Resource)).not.toContain('shop-staging-api');
    expect(runTask.Condition.ArnEquals['ecs:cluster']).toBeDefined();
  });

  test('source.trigger manual: no push trigger and no change detection; it starts only by hand', () => {
    const pipeline = Object.values(app.pipeline.findResources('AWS::CodePipeline::Pipeline'))[0];
    expect(pipeline.Properties.Triggers).toBeUndefined();
    const source = pipeline.Properties.Stages[0].Actions[0];
    expect(source.Configuration.DetectChanges).toBe(false);
    expect(pipeline.Properties.ExecutionMode).toBe('SUPERSEDED');
  });
});

test("adding a variable to the worker changes the worker's task definition only; every web resource stays identical", () => {
  const raw = parse(fixtureText);
  raw.services[2].environment.BATCH_SIZE = '10';
  const changed = synthesized(parseConfig(stringify(raw), 'changed.yaml')).environments.staging;
  const before = resources(staging);
  const after = resources(changed);
  const differing = Object.keys(before).filter((id) => JSON.stringify(before[id]) !== JSON.stringify(after[id]));
  expect(differing).toEqual([expect.stringMatching(/^ServiceworkerTask.*TaskDefinition/)]);
  expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
});
