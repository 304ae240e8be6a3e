import {
  IMAGE_PLACEHOLDER,
  parseDescribeOutput,
  RenderError,
  toRegistrableTaskDefinition,
  type DescribedTaskDefinition,
} from '../../../core/render';
import { describeObject, describeText } from './fixture';

const APP = { containerName: 'app', containerPort: 8080 };

/**
 * What DescribeTaskDefinition returns and RegisterTaskDefinition refuses, pinned here from the ECS API
 * reference rather than read from the code under test.
 */
const READ_ONLY = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
];

const described = (): DescribedTaskDefinition => parseDescribeOutput(describeText(), 'fixture');

describe('toRegistrableTaskDefinition', () => {
  test('strips every read-only field, also deregisteredAt of an inactive revision', () => {
    const answer = describeObject();
    answer.taskDefinition.status = 'INACTIVE';
    answer.taskDefinition.deregisteredAt = '2025-11-21T09:00:00.000000+00:00';

    // Every one of them is there to strip.
    for (const field of READ_ONLY) expect(answer.taskDefinition).toHaveProperty(field);

    const { taskDefinition } = toRegistrableTaskDefinition(parseDescribeOutput(JSON.stringify(answer), 'x'), APP);

    for (const field of READ_ONLY) expect(taskDefinition).not.toHaveProperty(field);
  });

  test("sets the app container's image to <IMAGE1_NAME> and leaves everything else as described", () => {
    const original = describeObject().taskDefinition;

    const { taskDefinition } = toRegistrableTaskDefinition(described(), APP);

    const expected = { ...original };
    for (const field of READ_ONLY) delete expected[field];
    expected.containerDefinitions = original.containerDefinitions.map((c: { name: string }) =>
      c.name === 'app' ? { ...c, image: IMAGE_PLACEHOLDER } : c,
    );
    expected.tags = [
      { key: 'team', value: 'platform' },
      { key: 'cost-center', value: 'cc-1234' },
    ];
    expect(taskDefinition).toEqual(expected);
    expect(Object.keys(taskDefinition).sort()).toEqual(Object.keys(expected).sort());
  });

  test('keeps an EFS volume and its mount point as registered, so CodeDeploy registers green with the volume', () => {
    const answer = describeObject();
    const volume = {
      name: 'efs-uploads',
      efsVolumeConfiguration: {
        fileSystemId: 'fs-12345678',
        transitEncryption: 'ENABLED',
        authorizationConfig: { accessPointId: 'fsap-12345678', iam: 'ENABLED' },
      },
    };
    const mountPoint = { sourceVolume: 'efs-uploads', containerPath: '/app/uploads', readOnly: false };
    answer.taskDefinition.volumes = [volume];
    const app = answer.taskDefinition.containerDefinitions.find((c: { name: string }) => c.name === 'app');
    app.mountPoints = [mountPoint];

    const { taskDefinition } = toRegistrableTaskDefinition(parseDescribeOutput(JSON.stringify(answer), 'x'), APP);

    expect(taskDefinition.volumes).toEqual([volume]);
    const rendered = (taskDefinition.containerDefinitions as { name: string; mountPoints: unknown }[]).find(
      (c) => c.name === 'app',
    );
    expect(rendered?.mountPoints).toEqual([mountPoint]);
  });

  test('keeps user tags for RegisterTaskDefinition and leaves out the ones reserved for AWS', () => {
    const { taskDefinition, droppedTags } = toRegistrableTaskDefinition(described(), APP);

    expect(taskDefinition.tags).toEqual([
      { key: 'team', value: 'platform' },
      { key: 'cost-center', value: 'cc-1234' },
    ]);
    expect(droppedTags.map((t) => t.key)).toEqual([
      'aws:cloudformation:stack-name',
      'aws:cloudformation:logical-id',
      'aws:cloudformation:stack-id',
    ]);
  });

  test('writes no tags field when nothing is left to tag', () => {
    const { taskDefinition } = describeObject();
    const input = parseDescribeOutput(
      JSON.stringify({ taskDefinition, tags: [{ key: 'AWS:Owner', value: 'x' }] }),
      'x',
    );

    expect(toRegistrableTaskDefinition(input, APP).taskDefinition).not.toHaveProperty('tags');
  });

  test('does not change the described input', () => {
    const input = described();
    const before = structuredClone(input);

    toRegistrableTaskDefinition(input, APP);

    expect(input).toEqual(before);
  });

  test('finds the app container by the configured name wherever it is', () => {
    const { taskDefinition } = toRegistrableTaskDefinition(described(), {
      containerName: 'envoy',
      containerPort: 9901,
    });

    const images = (taskDefinition.containerDefinitions as { name: string; image: string }[]).map((c) => [
      c.name,
      c.image,
    ]);
    expect(images).toEqual([
      ['log_router', 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable'],
      ['app', '111111111111.dkr.ecr.eu-west-1.amazonaws.com/sample/service:3f2c1e9a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e'],
      ['envoy', IMAGE_PLACEHOLDER],
    ]);
  });

  test('refuses a missing app container and lists the containers present', () => {
    expect(() => toRegistrableTaskDefinition(described(), { containerName: 'web', containerPort: 8080 })).toThrow(
      new RenderError(
        "the task definition has no container named 'web' (containers: log_router, app, envoy); " +
          'set service.containerName in the config or pass --container',
      ),
    );
  });

  test('refuses an ambiguous app container (two containers of that name)', () => {
    const answer = describeObject();
    answer.taskDefinition.containerDefinitions.push({ ...answer.taskDefinition.containerDefinitions[1] });

    expect(() => toRegistrableTaskDefinition(parseDescribeOutput(JSON.stringify(answer), 'x'), APP)).toThrow(
      "the task definition has 2 containers named 'app' (at containerDefinitions 1, 3), so the app container is ambiguous",
    );
  });

  test('refuses a port the app container does not map and lists the ports it maps', () => {
    expect(() => toRegistrableTaskDefinition(described(), { containerName: 'envoy', containerPort: 8080 })).toThrow(
      "container 'envoy' does not map port 8080/tcp (mapped: 9901/tcp, 15000/tcp, 15001/tcp); set service.port in the config or pass --port",
    );
  });

  test('refuses a port mapped only for udp, and says when a container maps no ports', () => {
    const answer = describeObject();
    answer.taskDefinition.containerDefinitions[1].portMappings = [{ containerPort: 8080, protocol: 'udp' }];
    const udpOnly = parseDescribeOutput(JSON.stringify(answer), 'x');

    expect(() => toRegistrableTaskDefinition(udpOnly, APP)).toThrow('(mapped: 8080/udp)');
    expect(() =>
      toRegistrableTaskDefinition(described(), { containerName: 'log_router', containerPort: 2020 }),
    ).toThrow("container 'log_router' does not map port 2020/tcp (it maps no ports)");
  });

  test('accepts a port mapping without a protocol (tcp is the default)', () => {
    const answer = describeObject();
    answer.taskDefinition.containerDefinitions[1].portMappings = [{ containerPort: 8080 }];

    const { taskDefinition } = toRegistrableTaskDefinition(parseDescribeOutput(JSON.stringify(answer), 'x'), APP);

    expect((taskDefinition.containerDefinitions as { image: string }[])[1].image).toBe(IMAGE_PLACEHOLDER);
  });
});
