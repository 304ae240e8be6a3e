import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { createPipelineApp } from '../../pipeline/app';
import { ConfigError, parseConfig } from '../../model/config';
import { configWith, yamlWith } from '../support/configs';
import { synthesizeApp } from '../support/synth';
import { synthesized } from '../support/synthesized';

const ULIMITS = [{ Name: 'nofile', SoftLimit: 65536, HardLimit: 65536 }];

describe('taskDefinitionOverrides', () => {
  const { environments } = synthesized(
    configWith((raw) => {
      (raw.service as Record<string, unknown>).taskDefinitionOverrides = [
        { path: 'ContainerDefinitions.0.Ulimits', value: ULIMITS },
        { path: 'EphemeralStorage', value: { SizeInGiB: 40 } },
      ];
    }),
  );

  test('reach the synthesized task definition of every environment, beside what the tool set', () => {
    for (const template of Object.values(environments)) {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        EphemeralStorage: { SizeInGiB: 40 },
        ContainerDefinitions: [Match.objectLike({ Name: 'app', Ulimits: ULIMITS, ReadonlyRootFilesystem: true })],
      });
    }
  });
});

describe('taskDefinitionOverrides validation', () => {
  const withOverride = (override: unknown) =>
    yamlWith((raw) => {
      (raw.service as Record<string, unknown>).taskDefinitionOverrides = [override];
    });
  const problems = (override: unknown) => {
    try {
      parseConfig(withOverride(override), 'c.yaml');
    } catch (error) {
      return (error as ConfigError).problems;
    }
    return [];
  };

  test.each([
    [
      { path: 'ContainerDefinitions.0.Image', value: 'nginx' },
      'service.taskDefinitionOverrides[0].path: cannot be overridden: a container\'s name, image and ports are what the load balancer, the appspec and the render step name (got "ContainerDefinitions.0.Image")',
    ],
    [
      { path: 'TaskRoleArn', value: 'arn:aws:iam::1:role/admin' },
      'service.taskDefinitionOverrides[0].path: cannot be overridden: the roles are the tool\'s; grant permissions in the configuration (got "TaskRoleArn")',
    ],
    [
      { path: 'ContainerDefinition.0.Ulimits', value: [] },
      'service.taskDefinitionOverrides[0].path: must start with a property of AWS::ECS::TaskDefinition (ContainerDefinitions, Cpu, EnableFaultInjection, EphemeralStorage, ExecutionRoleArn, Family, InferenceAccelerators, IpcMode, Memory, NetworkMode, PidMode, PlacementConstraints, ProxyConfiguration, RequiresCompatibilities, RuntimePlatform, Tags, TaskRoleArn, Volumes) (got "ContainerDefinition.0.Ulimits")',
    ],
    [
      { path: 'ContainerDefinitions.1.Ulimits', value: [] },
      'service.taskDefinitionOverrides[0].path: names container 1, but the task has 1 (0 is the app container, then the sidecars in order) (got "ContainerDefinitions.1.Ulimits")',
    ],
    [
      { path: 'EphemeralStorage..SizeInGiB', value: 30 },
      'service.taskDefinitionOverrides[0].path: must be a dot-separated property path such as ContainerDefinitions.0.Ulimits (got "EphemeralStorage..SizeInGiB")',
    ],
    [{ path: 'EphemeralStorage' }, 'service.taskDefinitionOverrides[0].value: is required (null removes the property)'],
    [
      { path: 'ContainerDefinitions.0', value: { Ulimits: [], Image: 'docker.io/attacker/miner' } },
      'service.taskDefinitionOverrides[0].path: cannot be overridden: its value sets ContainerDefinitions.0.Image, and a container\'s name, image and ports are what the load balancer, the appspec and the render step name (got "ContainerDefinitions.0")',
    ],
    [
      { path: 'ContainerDefinitions.0.LogConfiguration.Options', value: { url: 'https://example.com' } },
      'service.taskDefinitionOverrides[0].path: cannot be overridden: a container\'s logs go to the service\'s encrypted log group, which `bluegreen logs` reads (got "ContainerDefinitions.0.LogConfiguration.Options")',
    ],
    [
      { path: 'RuntimePlatform.CpuArchitecture', value: 'ARM64' },
      'service.taskDefinitionOverrides[0].path: cannot be overridden: the images are built for Linux on x86_64, and a task on another platform would not start (got "RuntimePlatform.CpuArchitecture")',
    ],
  ])('refuses %j with one line naming the field', (override, problem) => {
    expect(problems(override)).toEqual([problem]);
  });
});

describe("an application's extendEnvironment", () => {
  test("changes each environment's stacks before the pipeline deploys them", () => {
    const seen: string[] = [];
    const { environments } = synthesizeApp(undefined, undefined, (stage, environment) => {
      seen.push(environment.name);
      stage.serviceStack.taskDefinitions.service.addToTaskRolePolicy(
        new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: ['arn:aws:ses:eu-west-1:1:identity/x'] }),
      );
    });
    expect(seen).toEqual(['staging', 'prod']);
    for (const template of Object.values(environments)) {
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'ses:SendEmail' })]) },
      });
    }
  });
});

describe('createPipelineApp', () => {
  test('throws the configuration error, naming the file, before building anything', () => {
    expect(() => createPipelineApp({ configFile: 'does-not-exist.yaml', cwd: __dirname })).toThrow(ConfigError);
    expect(() => createPipelineApp({ configFile: 'does-not-exist.yaml', cwd: __dirname })).toThrow(
      `${__dirname}/does-not-exist.yaml is not valid:\n  - cannot be read: ENOENT`,
    );
  });
});
