import { Match } from 'aws-cdk-lib/assertions';
import { CfnProject } from 'aws-cdk-lib/aws-codebuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPipelineApp } from '../../pipeline/app';
import { ConfigError, parseConfig } from '../../model/config';
import { TOOL_PACKAGE, toolVersion } from '../../model/tool-files';
import { configWith, shippedConfig, TEST_IMAGE_TAG, yamlWith } from '../support/configs';
import { synthesized } from '../support/synthesized';
import { identityArn, SEND_EMAIL_EXTENSION } from './support/send-email-extension';

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
  test("changes each environment's stacks, given that environment, once each, in the configured order", () => {
    const { environments } = synthesized(shippedConfig(), TEST_IMAGE_TAG, SEND_EMAIL_EXTENSION);
    expect(Object.keys(environments)).toEqual(['staging', 'prod']);
    Object.entries(environments).forEach(([name, template], index) => {
      // The policy of the service's task role: the statement of call `index + 1`, which was given this environment.
      const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
      );
      expect(statements.filter((statement) => statement.Action === 'ses:SendEmail')).toEqual([
        expect.objectContaining({ Resource: identityArn(index + 1, name) }),
      ]);
    });
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

describe('createPipelineApp, on an application of its own', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pipeline-app-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("with a protected environment and a release account: places the delivery stack in the tools account and the release stack in the release account, both in the pipeline region, and pins the release pipeline's tool to this version with the integrity the application's lockfile records", () => {
    // The shipped configuration (tools account 111111111111, eu-west-1; prod protected), with a release account.
    writeFileSync(
      join(dir, 'pipeline.config.yaml'),
      yamlWith((raw) =>
        Object.assign(raw.pipeline as object, {
          releaseAccount: '999999999999',
          releaseConnectionArn:
            'arn:aws:codeconnections:eu-west-1:999999999999:connection/00000000-0000-0000-0000-000000000099',
        }),
      ),
    );
    const integrity = `sha512-${'A'.repeat(86)}==`;
    writeFileSync(
      join(dir, 'package-lock.json'),
      JSON.stringify({ packages: { [`node_modules/${TOOL_PACKAGE}`]: { version: toolVersion(), integrity } } }),
    );

    const { pipeline, release } = createPipelineApp({ cwd: dir });

    expect([pipeline.account, pipeline.region]).toEqual(['111111111111', 'eu-west-1']);
    expect([release?.account, release?.region]).toEqual(['999999999999', 'eu-west-1']);
    // Every project but Resynthesize, which runs the commit's own lockfile and judges nothing.
    const buildSpecs = release!.node
      .findAll()
      .filter((construct): construct is CfnProject => construct instanceof CfnProject)
      .filter((project) => !project.node.path.includes('/Resynthesis/'))
      .map((project) => JSON.stringify(release!.resolve(project.source)));
    expect(buildSpecs.length).toBeGreaterThan(0);
    for (const buildSpec of buildSpecs) {
      expect(buildSpec).toContain(`${TOOL_PACKAGE}@${toolVersion()}`);
      expect(buildSpec).toContain(integrity);
    }
  });

  test('without a protected environment, builds no release stack and reads no lockfile (one that does not parse is no error)', () => {
    // The shipped configuration's staging alone: no approval, so no release account.
    writeFileSync(
      join(dir, 'pipeline.config.yaml'),
      yamlWith((raw) => {
        (raw.environments as unknown[]).splice(1);
        delete (raw.pipeline as Record<string, unknown>).releaseAccount;
        delete (raw.pipeline as Record<string, unknown>).releaseConnectionArn;
      }),
    );
    writeFileSync(join(dir, 'package-lock.json'), '<<<<<<< HEAD\n{');

    const { pipeline, release } = createPipelineApp({ cwd: dir });

    expect([pipeline.account, pipeline.region]).toEqual(['111111111111', 'eu-west-1']);
    expect(release).toBeUndefined();
  });
});
