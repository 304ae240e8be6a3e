import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '../../../core/preflight/json-value';
import { PREFLIGHT_RULES } from '../../../core/preflight/rules';
import { STAGING, writeAssembly } from '../../core/preflight/harness';
import { runCli, type Run } from '../../support/in-process-cli';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'preflight-cli-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function bluegreen(args: string[]): Promise<Run> {
  return runCli(['preflight', ...args], { cwd: work });
}

const countRepository = {
  Type: 'AWS::ECR::Repository',
  Properties: {
    LifecyclePolicy: {
      LifecyclePolicyText: JSON.stringify({
        rules: [{ rulePriority: 1, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 } }],
      }),
    },
  },
  Metadata: { 'aws:cdk:path': 'app/Images/Repository/Resource' },
};
const imageBuild = (dockerfile: string) => ({
  Type: 'AWS::CodeBuild::Project',
  Properties: {
    Source: {
      Type: 'CODEPIPELINE',
      BuildSpec: JSON.stringify({ version: '0.2', phases: { build: { commands: ['docker build .'] } } }),
    },
    Environment: {
      EnvironmentVariables: [
        { Name: 'DOCKERFILE', Value: dockerfile },
        { Name: 'BUILD_CONTEXT', Value: 'service' },
      ],
    },
  },
});

/** A pipeline stack in the root assembly and a service stack in a nested stage assembly. */
function writeApp(dir: string, pipelineResources: JsonObject, serviceResources: JsonObject = {}) {
  writeAssembly(dir, [{ id: 'app-pipeline', template: { Resources: pipelineResources } }], {
    'app-staging': [
      {
        id: 'appstagingService',
        stackName: 'app-staging-service',
        environment: `aws://${STAGING}/eu-west-1`,
        template: { Resources: serviceResources },
      },
    ],
  });
}

describe('bluegreen preflight', () => {
  test('exits 0 and says so on a clean assembly in cdk.out (the default)', async () => {
    writeApp(join(work, 'cdk.out'), {});
    const run = await bluegreen([]);
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout: expect.stringContaining('0 errors, 0 warnings: no blocker found'),
    });
    expect(run.stdout).toContain(`preflight: ${PREFLIGHT_RULES.length} rules over 2 stacks in cdk.out`);
  });

  test('exits 1 on an error found in a nested stage assembly, naming stack, logical id and construct path', async () => {
    writeApp(join(work, 'out'), {}, { Repo: countRepository });
    const run = await bluegreen(['out']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('errors (1):');
    expect(run.stdout).toContain(
      '[ecr-expiry-deployed-images] app-staging-service Repo (app/Images/Repository/Resource)',
    );
    expect(run.stdout).toContain('see https://docs.aws.amazon.com/AmazonECR/latest/userguide/LifecyclePolicies.html');
    expect(run.stdout).toContain('1 error, 0 warnings: AWS would reject or mishandle this deployment');
  });

  test('exits 0 with warnings only, and prints them; Dockerfiles are read from --source-root', async () => {
    writeApp(join(work, 'cdk.out'), { ImageBuild: imageBuild('Dockerfile') });
    mkdirSync(join(work, 'src', 'service'), { recursive: true });
    writeFileSync(join(work, 'src', 'service', 'Dockerfile'), 'FROM public.ecr.aws/docker/library/node:22-alpine\n');
    const run = await bluegreen(['--assembly', 'cdk.out', '--source-root', 'src']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('warnings (1):');
    expect(run.stdout).toContain(
      'service/Dockerfile:1: FROM public.ecr.aws/docker/library/node:22-alpine is not pinned by digest',
    );
  });

  test('--json prints the findings and the rules for machines', async () => {
    writeApp(join(work, 'cdk.out'), {}, { Repo: countRepository });
    const run = await bluegreen(['--json']);
    const report = JSON.parse(run.stdout);
    expect(run.code).toBe(1);
    expect(report).toMatchObject({ errors: 1, warnings: 0, stacks: 2 });
    expect(report.rules).toHaveLength(PREFLIGHT_RULES.length);
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'ecr-expiry-deployed-images',
        stackName: 'app-staging-service',
        logicalId: 'Repo',
        severity: 'error',
      }),
    ]);
  });

  test.each<[string, string[], RegExp]>([
    ['a missing assembly directory', ['nowhere'], /no cloud assembly at '.*nowhere': the directory does not exist/],
    ['a directory that is not an assembly', ['.'], /manifest\.json' does not exist/],
    ['an unknown flag', ['--nope'], /Unknown option '--nope'/],
    ['two directories', ['a', 'b'], /at most one assembly directory/],
  ])('exits 2 on %s', async (_name, args, message) => {
    const run = await bluegreen(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
  });

  test('--help prints the usage and exits 0', async () => {
    const run = await bluegreen(['--help']);
    expect(run).toMatchObject({ code: 0, stdout: expect.stringContaining('usage: bluegreen preflight [DIR]') });
  });
});
