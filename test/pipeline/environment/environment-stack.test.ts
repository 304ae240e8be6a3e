import { Match, type Template } from 'aws-cdk-lib/assertions';
import type { EnvironmentConfig, WebService } from '../../../model/config';
import { OPERATOR_CIDR, shippedConfig, threeEnvironments } from '../../support/configs';
import { synthesized } from '../../support/synthesized';

// GIVEN the shipped configuration (staging all-at-once, prod canary), synthesized once per run.
const config = shippedConfig();
const service = config.services[0] as WebService;
const app = synthesized(config);
const environments = Object.entries(app.environments);

type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const resourcesOf = (template: Template, type: string): Resources => template.findResources(type) as Resources;

describe.each(environments)('the %s service stack', (name, template) => {
  const environment = config.environments.find((e) => e.name === name)!;

  test('runs a Fargate service under the CODE_DEPLOY controller in private subnets', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DeploymentController: { Type: 'CODE_DEPLOY' },
      DeploymentConfiguration: { MinimumHealthyPercent: 100, MaximumPercent: 200 },
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
  });

  test('has subnets in every configured availability zone (at least two)', () => {
    const zones = new Set(
      Object.values(resourcesOf(template, 'AWS::EC2::Subnet')).map((s) => s.Properties.AvailabilityZone),
    );
    expect([...zones].sort()).toEqual([...environment.availabilityZones].sort());
    expect(zones.size).toBeGreaterThanOrEqual(2);
  });

  test('has a production listener and a separate test listener', () => {
    const ports = Object.values(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener')).map(
      (l) => l.Properties.Port,
    );
    // With a certificate (prod) production is HTTPS on 443 and port 80 only redirects.
    const production = environment.certificateArn ? [443, 80] : [80];
    expect(ports.sort()).toEqual([...production, environment.testListenerPort].sort());
  });

  test('has blue and green IP target groups health-checking the configured path', () => {
    const groups = Object.values(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup'));
    expect(groups).toHaveLength(2);
    for (const group of groups) {
      expect(group.Properties).toMatchObject({ TargetType: 'ip', HealthCheckPath: service.healthCheckPath });
      expect(group.Properties.TargetGroupAttributes).toContainEqual({
        Key: 'deregistration_delay.timeout_seconds',
        Value: '30',
      });
    }
  });

  test('admits the test listener port only from the NAT gateways, never the internet', () => {
    expectTestListenerSources(template, environment);
  });

  test('deploys blue/green with a test traffic route and rollback on failure, alarm and stop', () => {
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentGroupName: `${config.application}-${name}-bluegreen`,
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      BlueGreenDeploymentConfiguration: {
        TerminateBlueInstancesOnDeploymentSuccess: {
          Action: 'TERMINATE',
          TerminationWaitTimeInMinutes: environment.terminationWaitMinutes,
        },
      },
      LoadBalancerInfo: {
        TargetGroupPairInfoList: [Match.objectLike({ TestTrafficRoute: { ListenerArns: [Match.anyValue()] } })],
      },
      AutoRollbackConfiguration: {
        Enabled: true,
        Events: Match.arrayEquals(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_REQUEST', 'DEPLOYMENT_STOP_ON_ALARM']),
      },
      AlarmConfiguration: Match.objectLike({ Enabled: true }),
    });
    const group = Object.values(resourcesOf(template, 'AWS::CodeDeploy::DeploymentGroup'))[0];
    const alarms = (group.Properties.AlarmConfiguration as { Alarms: unknown[] }).Alarms;
    expect(alarms.length).toBeGreaterThanOrEqual(2);
    expect(alarms.length).toBeLessThanOrEqual(10);
  });

  test('alarms on 5xx, p99 latency and unhealthy hosts of both target groups with the configured thresholds', () => {
    const alarms = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties);
    const byMetric = (metric: string) => alarms.filter((a) => a.MetricName === metric);
    expect(byMetric('HTTPCode_Target_5XX_Count').map((a) => a.Threshold)).toEqual([5, 5]);
    expect(byMetric('TargetResponseTime').map((a) => [a.ExtendedStatistic, a.Threshold])).toEqual([
      ['p99', environment.alarms.p99LatencyMs / 1000],
      ['p99', environment.alarms.p99LatencyMs / 1000],
    ]);
    expect(byMetric('UnHealthyHostCount')).toHaveLength(2);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 1);
  });

  test('scales between the configured bounds on CPU and on requests per target of either colour', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: environment.scaling.minTasks,
      MaxCapacity: environment.scaling.maxTasks,
    });
    const metrics = Object.values(resourcesOf(template, 'AWS::ApplicationAutoScaling::ScalingPolicy')).map(
      (p) =>
        (
          p.Properties.TargetTrackingScalingPolicyConfiguration as {
            PredefinedMetricSpecification: { PredefinedMetricType: string };
          }
        ).PredefinedMetricSpecification.PredefinedMetricType,
    );
    expect(metrics.sort()).toEqual([
      'ALBRequestCountPerTarget',
      'ALBRequestCountPerTarget',
      'ECSServiceAverageCPUUtilization',
    ]);
  });

  test('runs the container as non-root with a read-only root filesystem and a memory hard limit', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Family: `${config.application}-${name}`,
      Cpu: String(service.cpu),
      Memory: String(service.memory),
      ContainerDefinitions: [
        Match.objectLike({
          Name: service.containerName,
          User: service.user,
          ReadonlyRootFilesystem: true,
          Memory: service.memory,
          PortMappings: [{ ContainerPort: service.port, Protocol: 'tcp' }],
          LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }),
        }),
      ],
    });
  });

  test('keeps every log group for a limited time, encrypted', () => {
    const groups = Object.values(resourcesOf(template, 'AWS::Logs::LogGroup'));
    // The container's, the VPC flow logs' and the hook function's.
    expect(groups.length).toBeGreaterThanOrEqual(3);
    for (const group of groups) {
      expect(group.Properties.RetentionInDays).toBeGreaterThan(0);
      const key = group.Properties.KmsKeyId as { 'Fn::GetAtt': [string, string] };
      expect(key).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
      expect(Object.keys(resourcesOf(template, 'AWS::KMS::Key'))).toContain(key['Fn::GetAtt'][0]);
    }
  });

  test('has the hook function in the VPC, named for CodeDeploy, pointed at the test listener with the checks', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      FunctionName: `CodeDeployHook_${config.application}-${name}`,
      Runtime: 'nodejs24.x',
      VpcConfig: Match.objectLike({ SubnetIds: Match.anyValue() }),
      Environment: {
        Variables: {
          TARGET_URL: { 'Fn::Join': ['', ['http://', Match.anyValue(), `:${environment.testListenerPort}`]] },
          CHECKS: JSON.stringify(config.checks),
        },
      },
    });
  });

  test('has its test listener on HTTP: a certificate whose name is a record made by hand (prod) may point elsewhere', () => {
    const listeners = Object.values(resourcesOf(template, 'AWS::ElasticLoadBalancingV2::Listener')).filter(
      (l) => (l.Properties as { Port: number }).Port === environment.testListenerPort,
    );
    expect(environment.domain).toBeUndefined();
    expect(listeners).toHaveLength(1);
    expect(listeners[0].Properties).toMatchObject({ Protocol: 'HTTP' });
  });

  test('lets the checks hook, the smoke hook and the integration gate report only on their own deployment group', () => {
    const policies = Object.values(resourcesOf(template, 'AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties).includes('codedeploy:PutLifecycleEventHookExecutionStatus'),
    );
    expect(policies.map((p) => (p.Properties as { PolicyName: string }).PolicyName)).toEqual([
      expect.stringMatching(/^ServiceLifecycleHook/),
      expect.stringMatching(/^ServiceSmokeHook/),
      expect.stringMatching(/^ServiceIntegrationGate/),
    ]);
    for (const policy of policies) {
      const statement = (
        policy.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }
      ).Statement.find((s) => s.Action === 'codedeploy:PutLifecycleEventHookExecutionStatus');
      expect(statement?.Resource).toBe(
        `arn:aws:codedeploy:${environment.region}:${environment.account}:deploymentgroup:` +
          `${config.application}-${name}/${config.application}-${name}-bluegreen`,
      );
    }
  });

  test('exports what the pipeline reads', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(
      expect.arrayContaining(['TaskDefinitionArn', 'ProductionUrl', 'TestUrl', 'HookFunctionName']),
    );
  });
});

/**
 * The security group rules of the test listener's port: one /32 per NAT gateway's Elastic IP and one per
 * configured operator CIDR, nothing else and never the internet.
 */
function expectTestListenerSources(template: Template, environment: EnvironmentConfig): void {
  const rules = Object.values(resourcesOf(template, 'AWS::EC2::SecurityGroup')).flatMap(
    (sg) => (sg.Properties.SecurityGroupIngress as Record<string, unknown>[] | undefined) ?? [],
  );
  const testPortRules = rules.filter((r) => r.FromPort === environment.testListenerPort);
  const eips = Object.keys(resourcesOf(template, 'AWS::EC2::EIP'));
  expect(eips).toHaveLength(environment.natGateways ?? environment.availabilityZones.length);
  const natEips = Object.values(resourcesOf(template, 'AWS::EC2::NatGateway')).map(
    (n) => (n.Properties.AllocationId as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0],
  );
  expect(natEips.sort()).toEqual([...eips].sort());

  const fromNat = eips.map((eip) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [eip, 'PublicIp'] }, '/32']] }));
  expect(testPortRules.map((r) => r.CidrIp)).toEqual(
    expect.arrayContaining([...fromNat, ...environment.operatorCidrs]),
  );
  expect(testPortRules).toHaveLength(fromNat.length + environment.operatorCidrs.length);
  for (const rule of testPortRules) {
    expect(rule).toMatchObject({ IpProtocol: 'tcp', ToPort: environment.testListenerPort });
    expect(rule.CidrIp).not.toBe('0.0.0.0/0');
    expect(rule.CidrIpv6).toBeUndefined();
  }
}

describe('deployment configs', () => {
  const custom = threeEnvironments();
  const customApp = synthesized(custom);

  test('staging of the shipped configuration deploys all at once', () => {
    app.environments.staging.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.ECSAllAtOnce',
    });
    app.environments.staging.resourceCountIs('AWS::CodeDeploy::DeploymentConfig', 0);
  });

  test('prod of the shipped configuration uses the predefined canary config it matches', () => {
    app.environments.prod.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: 'CodeDeployDefault.ECSCanary10Percent5Minutes',
    });
    app.environments.prod.resourceCountIs('AWS::CodeDeploy::DeploymentConfig', 0);
  });

  test.each([
    [
      'dev',
      'sample-dev-linear-20-2',
      { Type: 'TimeBasedLinear', TimeBasedLinear: { LinearInterval: 2, LinearPercentage: 20 } },
    ],
    [
      'staging',
      'sample-staging-canary-25-7',
      { Type: 'TimeBasedCanary', TimeBasedCanary: { CanaryInterval: 7, CanaryPercentage: 25 } },
    ],
  ])('%s with a custom strategy gets its own config %s, used by its deployment group', (name, configName, routing) => {
    const template = customApp.environments[name];
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentConfig', {
      DeploymentConfigName: configName,
      ComputePlatform: 'ECS',
      TrafficRoutingConfig: routing,
    });
    const [configId] = Object.keys(resourcesOf(template, 'AWS::CodeDeploy::DeploymentConfig'));
    template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentConfigName: { Ref: configId },
    });
  });

  test('an environment with operator CIDRs admits them, and only them besides the NAT gateways, to the test listener', () => {
    const staging = custom.environments.find((e) => e.name === 'staging')!;
    expect(staging.operatorCidrs).toEqual([OPERATOR_CIDR]);
    expectTestListenerSources(customApp.environments.staging, staging);
  });
});

describe.each(environments)('the %s integration gate', (_name, template) => {
  test('an undelivered result or hook event alarms on the environment alarm topic, whose key CloudWatch may use', () => {
    const queues = Object.keys(template.findResources('AWS::SQS::Queue'));
    const [alarm] = Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).filter((a) =>
      String(a.Properties.AlarmName).endsWith('-IntegrationGateUndelivered'),
    );
    expect(alarm.Properties).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [expect.stringMatching(/DeadLetters/), 'QueueName'] } }],
    });
    expect(queues).toContain(
      (alarm.Properties.Dimensions as { Value: { 'Fn::GetAtt': string[] } }[])[0].Value['Fn::GetAtt'][0],
    );
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic')).filter((id) => id.startsWith('Alarms'));
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    // The topic's key lets CloudWatch alarms of this account publish.
    const keyPolicies = JSON.stringify(template.findResources('AWS::KMS::Key'));
    expect(keyPolicies).toContain('cloudwatch.amazonaws.com');
  });

  test("the alarm topic's policy, which replaces the default one, lets CloudWatch alarms of this account publish", () => {
    const [topicId] = Object.keys(template.findResources('AWS::SNS::Topic')).filter((id) => id.startsWith('Alarms'));
    const [policy] = Object.values(resourcesOf(template, 'AWS::SNS::TopicPolicy')).filter((p) =>
      JSON.stringify(p.Properties.Topics).includes(topicId),
    );
    const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Allow',
        Action: 'sns:Publish',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': expect.stringMatching(/^\d{12}$/) } },
      }),
    );
  });
});

test('says in an output which DNS record nothing creates where certificateArn + domainName name the host, and only there', () => {
  const prod = app.environments.prod.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;
  const staging = app.environments.staging.toJSON().Outputs as Record<string, unknown>;
  expect(JSON.stringify(prod.DnsRecordRequired.Value)).toContain('sample.example.com -> ');
  expect(JSON.stringify(prod.DnsRecordRequired.Value)).toContain('DNSName');
  expect(prod.DnsRecordRequired.Description).toContain('No stack of this app creates this DNS record');
  expect(Object.keys(staging).filter((key) => key.includes('DnsRecordRequired'))).toEqual([]);
});
