import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'yaml';
import { runCli, type Run } from '../../support/in-process-cli';
import {
  CONFIG_FIXTURE,
  DESCRIBE_FIXTURE,
  describeObject,
  describeText,
  IMAGE_BY_DIGEST,
} from '../../core/render/fixture';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'render-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function bluegreen(args: string[], stdin: Readable = Readable.from([])): Promise<Run> {
  return runCli(['render', ...args], { cwd: work, env: { PIPELINE_CONFIG: CONFIG_FIXTURE }, stdin });
}

const read = (name: string) => readFileSync(join(work, 'out', name), 'utf8');
const written = () => readdirSync(join(work, 'out')).sort();

describe('bluegreen render', () => {
  test('writes exactly taskdef.json and appspec.yaml from a describe-task-definition file', async () => {
    const run = await bluegreen(['--task-definition', DESCRIBE_FIXTURE, '--out', 'out']);

    expect(run).toMatchObject({ code: 0 });
    expect(written()).toEqual(['appspec.yaml', 'taskdef.json']);
    expect(run.stdout).toBe(`wrote ${join(work, 'out', 'taskdef.json')}\nwrote ${join(work, 'out', 'appspec.yaml')}\n`);
    expect(run.stderr).toContain('note: left out 3 tag(s) reserved for AWS');
  });

  test('taskdef.json is the described task definition, registrable, with <IMAGE1_NAME> for the app image only', async () => {
    await bluegreen(['--task-definition', DESCRIBE_FIXTURE, '--out', 'out']);

    const original = describeObject().taskDefinition;
    const taskdef = JSON.parse(read('taskdef.json'));
    for (const field of [
      'taskDefinitionArn',
      'revision',
      'status',
      'requiresAttributes',
      'compatibilities',
      'registeredAt',
      'registeredBy',
    ]) {
      expect(taskdef).not.toHaveProperty(field);
    }
    expect(taskdef.containerDefinitions).toEqual([
      original.containerDefinitions[0],
      { ...original.containerDefinitions[1], image: '<IMAGE1_NAME>' },
      original.containerDefinitions[2],
    ]);
    expect(taskdef).toMatchObject({
      family: 'sample-staging',
      requiresCompatibilities: ['FARGATE'],
      proxyConfiguration: original.proxyConfiguration,
      runtimePlatform: original.runtimePlatform,
      executionRoleArn: original.executionRoleArn,
      tags: [
        { key: 'team', value: 'platform' },
        { key: 'cost-center', value: 'cc-1234' },
      ],
    });
  });

  test("appspec.yaml names the configured container and port and the first environment's hook, in lifecycle order", async () => {
    await bluegreen(['--task-definition', DESCRIBE_FIXTURE, '--out', 'out']);

    expect(parse(read('appspec.yaml'))).toEqual({
      version: 0,
      Resources: [
        {
          TargetService: {
            Type: 'AWS::ECS::Service',
            Properties: {
              TaskDefinition: '<TASK_DEFINITION>',
              LoadBalancerInfo: { ContainerName: 'app', ContainerPort: 8080 },
            },
          },
        },
      ],
      Hooks: [
        { AfterAllowTestTraffic: 'CodeDeployHook_shop-staging' },
        { BeforeAllowTraffic: 'CodeDeployHook_shop-staging' },
      ],
    });
  });

  test('reads stdin with -, and writes imageDetail.json with --image-uri', async () => {
    const run = await bluegreen(
      ['--task-definition', '-', '--out', 'out', '--environment', 'prod', '--image-uri', IMAGE_BY_DIGEST],
      Readable.from([Buffer.from(describeText())]),
    );

    expect(run.code).toBe(0);
    expect(written()).toEqual(['appspec.yaml', 'imageDetail.json', 'taskdef.json']);
    expect(JSON.parse(read('imageDetail.json'))).toEqual({ ImageURI: IMAGE_BY_DIGEST });
    expect(parse(read('appspec.yaml')).Hooks).toEqual([
      { AfterAllowTestTraffic: 'CodeDeployHook_shop-prod' },
      { BeforeAllowTraffic: 'CodeDeployHook_shop-prod' },
    ]);
  });

  test("--image-registry moves the image to the environment's regional copy, keeping its repository and digest", async () => {
    const copy = '111111111111.dkr.ecr.us-east-1.amazonaws.com';
    const run = await bluegreen([
      '--task-definition',
      DESCRIBE_FIXTURE,
      '--out',
      'out',
      '--image-uri',
      IMAGE_BY_DIGEST,
      '--image-registry',
      copy,
    ]);

    expect(run.code).toBe(0);
    expect(JSON.parse(read('imageDetail.json'))).toEqual({
      ImageURI: `${copy}${IMAGE_BY_DIGEST.slice(IMAGE_BY_DIGEST.indexOf('/'))}`,
    });
  });

  test('--image-registry refuses anything but a private ECR registry host', async () => {
    const run = await bluegreen([
      '--task-definition',
      DESCRIBE_FIXTURE,
      '--out',
      'out',
      '--image-uri',
      IMAGE_BY_DIGEST,
      '--image-registry',
      'evil.example.com',
    ]);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "--image-registry must be <account>.dkr.ecr.<region>.amazonaws.com, got 'evil.example.com'",
    );
  });

  test('flags override the container, port and hook function of the config', async () => {
    const run = await bluegreen([
      '--task-definition',
      DESCRIBE_FIXTURE,
      '--out',
      'out',
      '--container',
      'envoy',
      '--port',
      '9901',
      '--hook-function',
      'CodeDeployHook_custom',
    ]);

    expect(run.code).toBe(0);
    const appspec = parse(read('appspec.yaml'));
    expect(appspec.Resources[0].TargetService.Properties.LoadBalancerInfo).toEqual({
      ContainerName: 'envoy',
      ContainerPort: 9901,
    });
    expect(appspec.Hooks).toEqual([
      { AfterAllowTestTraffic: 'CodeDeployHook_custom' },
      { BeforeAllowTraffic: 'CodeDeployHook_custom' },
    ]);
    const images = JSON.parse(read('taskdef.json')).containerDefinitions.map((c: { image: string }) => c.image);
    expect(images.filter((image: string) => image === '<IMAGE1_NAME>')).toHaveLength(1);
    expect(images[2]).toBe('<IMAGE1_NAME>');
  });

  test('uses the config named by --config', async () => {
    const config = readFileSync(CONFIG_FIXTURE, 'utf8').replace('port: 8080', 'port: 8080\n  containerName: envoy');
    writeFileSync(join(work, 'other.yaml'), config.replace('hooks: [BeforeAllowTraffic, AfterAllowTestTraffic]', ''));

    const run = await bluegreen([
      '--task-definition',
      DESCRIBE_FIXTURE,
      '--out',
      'out',
      '--config',
      'other.yaml',
      '--port',
      '15000',
    ]);

    expect(run.code).toBe(0);
    expect(parse(read('appspec.yaml'))).toMatchObject({
      Resources: [
        { TargetService: { Properties: { LoadBalancerInfo: { ContainerName: 'envoy', ContainerPort: 15000 } } } },
      ],
      Hooks: [
        { AfterAllowTestTraffic: 'CodeDeployHook_shop-staging' },
        { AfterAllowTraffic: 'CodeDeployHook_shop-staging-smoke' },
      ],
    });
  });

  test('with the shipped config the appspec gates green before users and production while blue still stands', async () => {
    const shipped = join(__dirname, '..', '..', '..', 'pipeline.config.yaml');
    const run = await bluegreen([
      '--task-definition',
      DESCRIBE_FIXTURE,
      '--out',
      'out',
      '--config',
      shipped,
      '--port',
      '8080',
    ]);

    expect(run.code).toBe(0);
    // The integration suite's gate on green, then the checks on green, then the smoke checks on production.
    expect(parse(read('appspec.yaml')).Hooks).toEqual([
      { AfterAllowTestTraffic: 'CodeDeployHook_sample-staging-gate' },
      { BeforeAllowTraffic: 'CodeDeployHook_sample-staging' },
      { AfterAllowTraffic: 'CodeDeployHook_sample-staging-smoke' },
    ]);
  });

  test.each([
    [['--out', 'out'], 'missing required option --task-definition'],
    [['--task-definition', DESCRIBE_FIXTURE], 'missing required option --out'],
    [
      ['--task-definition', DESCRIBE_FIXTURE, '--out', 'out', '--port', '80a'],
      "--port must be a whole number from 1 to 65535, got '80a'",
    ],
    [
      ['--task-definition', DESCRIBE_FIXTURE, '--out', 'out', '--port', '70000'],
      "--port must be a whole number from 1 to 65535, got '70000'",
    ],
    [
      ['--task-definition', DESCRIBE_FIXTURE, '--out', 'out', '--image-uri', 'sample/service:latest'],
      "--image-uri 'sample/service:latest' names the image by tag; it must be pinned by digest",
    ],
    [
      ['--task-definition', DESCRIBE_FIXTURE, '--out', 'out', '--hook-function', 'a b'],
      "--hook-function 'a b' is not a Lambda function name",
    ],
    [
      ['--task-definition', DESCRIBE_FIXTURE, '--out', 'out', '--environment', 'dev'],
      "--environment: unknown environment 'dev' (configured: staging, prod)",
    ],
    [['--task-definition', DESCRIBE_FIXTURE, '--out', 'out', '--colour'], "Unknown option '--colour'"],
  ])('refuses %j as a usage error (exit 2) and writes nothing', async (args, message) => {
    const run = await bluegreen(args);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`bluegreen render: ${message}`);
    expect(readdirSync(work)).toEqual([]);
  });

  test.each([
    [
      'the app container is missing',
      ['--container', 'web'],
      "no container named 'web' (containers: log_router, app, envoy)",
    ],
    ['the port is not mapped', ['--port', '9090'], "container 'app' does not map port 9090/tcp (mapped: 8080/tcp)"],
  ])('fails (exit 1) and writes nothing when %s', async (_case, flags, message) => {
    const run = await bluegreen(['--task-definition', DESCRIBE_FIXTURE, '--out', 'out', ...flags]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(message);
    expect(readdirSync(work)).toEqual([]);
  });

  test('fails on input that is not JSON, naming stdin', async () => {
    const run = await bluegreen(['--task-definition', '-', '--out', 'out'], Readable.from(['taskDefinition: {}']));

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^bluegreen render: stdin is not JSON \(/);
  });

  test('fails on JSON without a taskDefinition', async () => {
    writeFileSync(join(work, 'describe.json'), JSON.stringify({ failures: [{ arn: 'x', reason: 'MISSING' }] }));

    const run = await bluegreen(['--task-definition', 'describe.json', '--out', 'out']);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bluegreen render: describe.json has no taskDefinition; expected the JSON printed by');
  });

  test('fails on an input file that cannot be read', async () => {
    const run = await bluegreen(['--task-definition', 'absent.json', '--out', 'out']);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`bluegreen render: cannot read --task-definition ${join(work, 'absent.json')}: ENOENT\n`);
  });

  test('fails on an output directory that cannot be written', async () => {
    writeFileSync(join(work, 'a-file'), '');

    const run = await bluegreen(['--task-definition', DESCRIBE_FIXTURE, '--out', 'a-file/out']);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^bluegreen render: cannot write to --out ${join(work, 'a-file', 'out')}: ENOTDIR`),
    );
  });

  test('refuses to wait on a terminal for stdin', async () => {
    const terminal = Object.assign(Readable.from([]), { isTTY: true });

    const run = await bluegreen(['--task-definition', '-', '--out', 'out'], terminal);

    expect(run.code).toBe(2);
    expect(run.stderr).toContain('stdin is a terminal');
  });

  test('--help prints the options and writes nothing', async () => {
    const run = await bluegreen(['--help']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: bluegreen render --task-definition FILE|- --out DIR');
    expect(readdirSync(work)).toEqual([]);
  });
});
