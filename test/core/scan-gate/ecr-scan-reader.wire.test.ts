import { ECRClient } from '@aws-sdk/client-ecr';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ecrScanReader, MIN_READ_MS, runScanGate } from '../../../core/scan-gate';
import { loadConfig } from '../../../model/config';
import { AwsJsonServer, localAwsEnv } from '../../support/aws-json-server';
import { DIGEST, IMAGE } from './fixtures';

// The errors as ECR sends them: through the real client's deserialization and its standard retries,
// from a local endpoint that speaks awsJson1_1.
describe('ecrScanReader against a local ECR endpoint', () => {
  let server: AwsJsonServer | undefined;
  // The SDK's standard retries wait a random share of their backoff (Math.random() times the delay): none here.
  // Which errors it retries, and how often, is what these tests count; how long it waits, none of them asserts.
  beforeEach(() => jest.spyOn(Math, 'random').mockReturnValue(0));
  afterEach(async () => {
    jest.restoreAllMocks();
    await server?.stop();
    server = undefined;
  });

  /** A real ECR client with the SDK's default retries, pointed at `url`. */
  const wireClient = (url: string) =>
    new ECRClient({
      region: 'eu-west-1',
      endpoint: url,
      credentials: { accessKeyId: 'AKIDLOCALTEST', secretAccessKey: 'local-test-secret' },
    });

  async function ecrAnswering(status: number, errorType: string): Promise<ECRClient> {
    server = await AwsJsonServer.start({
      DescribeImageScanFindings: () => ({ status, errorType, message: `${errorType} message` }),
    });
    return wireClient(server.url);
  }

  test.each<[string, number, 'retry' | 'fatal', string, number]>([
    [
      'ScanNotFoundException',
      400,
      'retry',
      'ECR has no scan of the image yet (ScanNotFoundException); is scan on push enabled for repository sample/app?',
      1,
    ],
    [
      'ImageNotFoundException',
      400,
      'fatal',
      `image ${DIGEST} does not exist in repository sample/app (ImageNotFoundException)`,
      1,
    ],
    [
      'RepositoryNotFoundException',
      400,
      'fatal',
      'repository sample/app does not exist (RepositoryNotFoundException)',
      1,
    ],
    [
      'AccessDeniedException',
      400,
      'fatal',
      'access denied: the caller needs ecr:DescribeImageScanFindings on repository sample/app (AccessDeniedException message)',
      1,
    ],
    // The SDK itself retries throttling and server faults (3 attempts in all) before the reader sees them.
    ['ThrottlingException', 400, 'retry', 'ThrottlingException: ThrottlingException message', 3],
    ['ServerException', 500, 'retry', 'ServerException: ServerException message', 3],
    ['InvalidParameterException', 400, 'fatal', 'InvalidParameterException: InvalidParameterException message', 1],
    ['SomethingNewException', 400, 'fatal', 'SomethingNewException: SomethingNewException message', 1],
  ])('%s (HTTP %d) → %s', async (errorType, status, kind, reason, wireCalls) => {
    const client = await ecrAnswering(status, errorType);

    expect(await ecrScanReader(client, IMAGE)(5_000)).toEqual({ kind, reason });
    expect(server!.callsOf('DescribeImageScanFindings')).toHaveLength(wireCalls);
  });

  test('the registry named in --registry-id appears in messages', async () => {
    const client = await ecrAnswering(400, 'RepositoryNotFoundException');

    expect(await ecrScanReader(client, { ...IMAGE, registryId: '123456789012' })(5_000)).toMatchObject({
      reason: 'repository sample/app of registry 123456789012 does not exist (RepositoryNotFoundException)',
    });
    expect(server!.callsOf('DescribeImageScanFindings')[0]).toMatchObject({ registryId: '123456789012' });
  });

  const REPO_ROOT = join(__dirname, '..', '..', '..');
  const policy = loadConfig(undefined, REPO_ROOT).scan;

  /** `bluegreen ARGS` in a node process of its own, with the shipped config and `env` added. */
  function bluegreenProcess(
    args: string[],
    env: Record<string, string>,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'bluegreen.js'), ...args], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env, AWS_CONFIG_FILE: '/nonexistent', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  // Through the real CLI in its own node process: inside jest's sandbox the SDK cannot recognise
  // node's network errors as errors (another realm) and wraps them, losing their code.
  test('a connection reset on every request is read again until the timeout, then fails the gate', async () => {
    let requests = 0;
    const resetting = createServer((request) => {
      requests++;
      request.socket.destroy();
    });
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(resetting.address() as AddressInfo).port}`;
    try {
      const run = await bluegreenProcess(
        [
          'scan-gate',
          '--repository',
          'sample/app',
          '--digest',
          DIGEST,
          '--poll-seconds',
          '0.05',
          '--timeout-seconds',
          '1',
        ],
        localAwsEnv('ECR', url),
      );

      expect(run.stdout).toContain('could not be judged: no judgeable scan within 1 s');
      expect(run.code).toBe(1);
      // More than the SDK's own 3 attempts of one read: the gate read again after the first failed.
      expect(requests).toBeGreaterThan(3);
    } finally {
      resetting.closeAllConnections();
      await new Promise<void>((resolve) => resetting.close(() => resolve()));
    }
  });

  test('an endpoint that never answers is cut off at the timeout, not waited on forever', async () => {
    server = await AwsJsonServer.start({ DescribeImageScanFindings: () => new Promise(() => {}) });
    const started = Date.now();

    const result = await runScanGate(
      policy,
      { timeoutMs: 200, intervalMs: 20, maxIntervalMs: 20 },
      {
        read: ecrScanReader(wireClient(server.url), IMAGE, { minReadMs: 50 }),
        clock: Date.now,
        sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
      },
    );

    expect(result).toMatchObject({
      verdict: 'error',
      reason: expect.stringContaining('last seen: ECR did not answer in time'),
    });
    expect(Date.now() - started).toBeLessThan(MIN_READ_MS);
  });
});
