import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AwsJsonServer, localAwsEnv, type OperationHandler } from '../../support/aws-json-server';
import { useInProcessCli } from '../../support/in-process-cli';
import { writeNestedAssembly } from '../../core/handoff/nested-assembly';
import { basicWire, scanAnswer } from '../../core/scan-gate/fixtures';

const REGISTRY = '111111111111.dkr.ecr.eu-west-1.amazonaws.com';
const PREFIX = `${REGISTRY}/app/`;
const WEB = `${PREFIX}web@sha256:${'b'.repeat(64)}`;
const WORKER = `${PREFIX}worker@sha256:${'c'.repeat(64)}`;
const SHIPPED_CONFIG = join(__dirname, '..', '..', '..', 'pipeline.config.yaml');

// GIVEN a work directory with prod's nested assembly, the gate outputs of two services and a config whose scan
// section fails on CRITICAL only; the SDK may reach only loopback (port 1 refuses) until a test starts its ECR.
const cli = useInProcessCli('handoff-scan', (work) => {
  Object.assign(process.env, localAwsEnv('ECR', 'http://127.0.0.1:1'));
  writeNestedAssembly(join(work, 'cdk.out', 'assembly-app-prod'));
  for (const [service, uri] of [
    ['web', WEB],
    ['worker', WORKER],
  ]) {
    mkdirSync(join(work, service));
    writeFileSync(join(work, service, 'imageDetail.json'), JSON.stringify({ ImageURI: uri }));
  }
  writeFileSync(
    join(work, 'pipeline.config.yaml'),
    `${readFileSync(SHIPPED_CONFIG, 'utf8')}\nscan:\n  failOn: [CRITICAL]\n`,
  );
});

let ecr: AwsJsonServer | undefined;
afterEach(async () => {
  await ecr?.stop();
  ecr = undefined;
});

/** A local ECR whose answers name the repository and image asked for, as ECR's do. */
async function fakeEcr(handler: OperationHandler): Promise<void> {
  ecr = await AwsJsonServer.start({
    DescribeImageScanFindings: async (input, call) => {
      const reply = await handler(input, call);
      if (!('body' in reply)) return reply;
      return {
        body: { ...(reply.body as object), repositoryName: input.repositoryName, imageId: input.imageId },
      };
    },
  });
  Object.assign(process.env, localAwsEnv('ECR', ecr.url));
}

async function packAndScan(prefix = PREFIX, stages = 'prod=assembly-app-prod') {
  const packed = await cli.run([
    'handoff',
    'pack',
    '--assembly',
    'cdk.out',
    '--stage',
    'prod=assembly-app-prod',
    '--image',
    'web=web',
    '--image',
    'worker=worker',
    '--include',
    'config.yaml=pipeline.config.yaml',
    '--commit',
    'a'.repeat(40),
    '--out',
    'candidate',
  ]);
  expect(packed).toMatchObject({ code: 0, stderr: '' });
  return cli.run([
    'handoff',
    'scan',
    'candidate',
    '--repository-prefix',
    prefix,
    '--stages',
    stages,
    '--config',
    'candidate/config.yaml',
    '--poll-seconds',
    '0.01',
  ]);
}

test("judges every image's scan in its own repository, by digest, and passes when none blocks", async () => {
  await fakeEcr(() => ({ body: scanAnswer('COMPLETE', { findings: [basicWire('CVE-2024-1111', 'HIGH')] }) }));

  const run = await packAndScan();

  expect(run.code).toBe(0);
  // Each scan is read twice: the gate confirms a COMPLETE scan's findings are settled before judging them.
  const asked = ecr?.callsOf('DescribeImageScanFindings') ?? [];
  expect(asked.map((call) => `${String(call.registryId)} ${String(call.repositoryName)}`)).toEqual([
    '111111111111 app/web',
    '111111111111 app/web',
    '111111111111 app/worker',
    '111111111111 app/worker',
  ]);
  expect(asked.map((call) => call.imageId)).toEqual([
    { imageDigest: `sha256:${'b'.repeat(64)}` },
    { imageDigest: `sha256:${'b'.repeat(64)}` },
    { imageDigest: `sha256:${'c'.repeat(64)}` },
    { imageDigest: `sha256:${'c'.repeat(64)}` },
  ]);
  expect(run.stdout).toContain('scan-gate: PASS — app/web@');
  expect(run.stdout).toContain('scan-gate: PASS — app/worker@');
});

test('fails when one image has a finding the candidate config blocks, and names it', async () => {
  await fakeEcr((input) => ({
    body: scanAnswer('COMPLETE', {
      findings: input.repositoryName === 'app/worker' ? [basicWire('CVE-2024-9999', 'CRITICAL')] : [],
    }),
  }));

  const run = await packAndScan();

  expect(run.code).toBe(1);
  expect(run.stdout).toContain('scan-gate: PASS — app/web@');
  expect(run.stdout).toContain('scan-gate: BLOCK — app/worker@sha256:cccccccccccc: 1 finding(s) block (CVE-2024-9999)');
});

test('fails closed when a scan cannot be read', async () => {
  await fakeEcr(() => ({ status: 400, errorType: 'AccessDeniedException', message: 'not authorized' }));

  const run = await packAndScan();

  expect(run.code).toBe(1);
  expect(run.stdout).not.toContain('PASS');
});

test('refuses a manifest image outside the repository prefix before reading any scan', async () => {
  await fakeEcr(() => ({ body: scanAnswer('COMPLETE') }));

  const run = await packAndScan(`${REGISTRY}/other/`);

  expect(run).toMatchObject({ code: 1, stdout: '' });
  expect(run.stderr).toBe(
    `bluegreen handoff: manifest image of web must be ${REGISTRY}/other/<repository>@sha256:<64 hex>, one of the application's own repositories by digest, got '${WEB}'\n`,
  );
  expect(ecr?.callsOf('DescribeImageScanFindings')).toEqual([]);
});

test('a prefix that is not a registry path is a usage error that says what it must be', async () => {
  const run = await packAndScan('app/');

  expect(run.code).toBe(2);
  expect(run.stderr).toBe(
    "bluegreen handoff: --repository-prefix must be <account>.dkr.ecr.<region>.amazonaws.com/<application>/, got 'app/'\n",
  );
});

test("refuses a protected task running an image of the application's registry that the manifest does not pin", async () => {
  writeNestedAssembly(join(cli.work(), 'cdk.out', 'assembly-app-prod'), {
    Resources: {
      Task: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: { ContainerDefinitions: [{ Name: 'cache', Image: `${REGISTRY}/app/cache:latest` }] },
      },
    },
  });
  await fakeEcr(() => ({ body: scanAnswer('COMPLETE') }));

  const run = await packAndScan();

  expect(run.code).toBe(1);
  expect(run.stderr).toBe(
    `bluegreen handoff: cdk.out/assembly-app-prod/AppProdService.template.json: Task runs ${REGISTRY}/app/cache:latest: a protected task must name its image by the digest the approval shows (no image of app/cache in the manifest)\n`,
  );
  expect(ecr?.callsOf('DescribeImageScanFindings')).toEqual([]);
});
