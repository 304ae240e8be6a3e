import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bluegreen } from './support/deployments';
import { CloudFrontServer, type CloudFrontFault, type InvalidationCall } from '../../support/cloudfront-server';
import { S3Server, type S3Call, type S3ServerOptions } from '../../support/s3-server';
import { REPO_ROOT } from '../../support/configs';

const BUCKET = 'shop-staging-site';
const DISTRIBUTION = 'E2EXAMPLE123';
const DAY = 86_400_000;
const IMMUTABLE = 'public, max-age=31536000, immutable';

// The sample frontend, built once by its own dependency-free build script.
const work = mkdtempSync(join(tmpdir(), 'frontend-publish-'));
const DIST = join(work, 'dist');
execFileSync(process.execPath, [join(REPO_ROOT, 'service', 'frontend', 'build.mjs'), DIST]);
afterAll(() => rmSync(work, { recursive: true, force: true }));

let s3: S3Server | undefined;
let cloudfront: CloudFrontServer | undefined;
afterEach(async () => {
  await s3?.stop();
  await cloudfront?.stop();
  s3 = cloudfront = undefined;
});

async function servers(
  options: Partial<S3ServerOptions> = {},
  fault?: (c: InvalidationCall) => CloudFrontFault | undefined,
) {
  s3 = await S3Server.start({ bucket: BUCKET, ...options });
  cloudfront = await CloudFrontServer.start(fault);
  return { s3, cloudfront };
}

const env = (extra: Record<string, string> = {}): Record<string, string> => ({
  AWS_ENDPOINT_URL_S3: s3?.url ?? '',
  AWS_ENDPOINT_URL_CLOUDFRONT: cloudfront?.url ?? '',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
  AWS_SECRET_ACCESS_KEY: 'local-test-secret',
  AWS_EC2_METADATA_DISABLED: 'true',
  CODEBUILD_RESOLVED_SOURCE_VERSION: '',
  ...extra,
});

const publish = (commit: string | undefined, extra: string[] = [], dir = DIST) =>
  bluegreen(
    [
      'frontend',
      'publish',
      ...['--environment', 'staging', '--dir', dir, '--bucket', BUCKET, '--distribution-id', DISTRIBUTION],
      ...['--api-base-url', '/api', ...(commit ? ['--commit', commit] : []), ...extra],
    ],
    env(),
  );

const puts = (calls: readonly S3Call[]) => calls.filter((c) => c.operation === 'PutObject').map((c) => c.keys[0]);
const operations = (calls: readonly S3Call[]) => calls.map((c) => c.operation);
const hashedJs = (keys: readonly string[]) => keys.find((k) => /^assets\/app\.[0-9a-f]{10}\.js$/.test(k)) as string;

describe('bluegreen frontend publish against local S3 and CloudFront endpoints', () => {
  test('a first release: hashed assets, other files, manifest, runtime config, index.html, then one invalidation', async () => {
    const { s3, cloudfront } = await servers();
    const run = await publish('abc123');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const order = puts(s3.calls);
    expect(order.slice(0, 2).sort()).toEqual([
      expect.stringMatching(/^assets\/app\.[0-9a-f]{10}\.css$/),
      hashedJs(order),
    ]);
    expect(order.slice(2)).toEqual(['robots.txt', '.releases/abc123.json', 'config.json', 'index.html']);
    expect(operations(s3.calls)).toEqual(['ListObjectsV2', ...Array(6).fill('PutObject')]);
    for (const key of order.slice(0, 2)) expect(s3.objects.get(key)?.cacheControl).toBe(IMMUTABLE);
    expect(s3.objects.get(hashedJs(order))?.contentType).toBe('text/javascript; charset=utf-8');
    expect(s3.objects.get('index.html')).toMatchObject({
      cacheControl: 'no-cache',
      contentType: 'text/html; charset=utf-8',
    });
    expect(s3.objects.get('config.json')).toMatchObject({
      cacheControl: 'no-cache',
      contentType: 'application/json; charset=utf-8',
    });
    expect(JSON.parse(s3.text('config.json') ?? '')).toEqual({
      apiBaseUrl: '/api',
      environment: 'staging',
      version: 'abc123',
    });
    expect(s3.text('index.html')).toContain(`src="/${hashedJs(order)}"`);
    expect(JSON.parse(s3.text('.releases/abc123.json') ?? '').keys).toEqual(
      [...order.slice(0, 2).sort(), 'config.json', 'index.html', 'robots.txt'].sort(),
    );

    expect(cloudfront.invalidations).toEqual([
      {
        distributionId: DISTRIBUTION,
        callerReference: expect.stringMatching(/^bluegreen-staging-abc123-\d+$/),
        quantity: 4,
        paths: ['/', '/config.json', '/index.html', '/robots.txt'],
      },
    ]);
    expect(run.stdout).toContain(`frontend: PUBLISHED abc123 to staging (invalidation I1FAKE)`);
  });

  test('the next release: pages through the bucket, reads the manifests, keeps the previous release and deletes older ones', async () => {
    const { s3 } = await servers({ pageSize: 2 });
    const old = (days: number) => new Date(Date.now() - days * DAY);
    const manifest = (commit: string, days: number, keys: string[]) =>
      JSON.stringify({ commit, environment: 'staging', deployedAt: old(days).toISOString(), keys });
    s3.seed('.releases/c1.json', manifest('c1', 40, ['index.html', 'assets/app.1111111111.js']), old(40));
    s3.seed('assets/app.1111111111.js', 'old', old(40));
    s3.seed('.releases/c2.json', manifest('c2', 20, ['index.html', 'assets/app.2222222222.js', 'legacy.txt']), old(20));
    s3.seed('assets/app.2222222222.js', 'previous', old(20));
    s3.seed('legacy.txt', 'previous', old(20));
    s3.seed('index.html', 'previous', old(20));

    const run = await publish('c3');

    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lists = s3.calls.filter((c) => c.operation === 'ListObjectsV2').map((c) => c.query['continuation-token']);
    expect(lists).toEqual([undefined, '2', '4']);
    expect(s3.calls.filter((c) => c.operation === 'GetObject').map((c) => c.keys[0])).toEqual([
      '.releases/c1.json',
      '.releases/c2.json',
    ]);
    expect(operations(s3.calls).at(-1)).toBe('DeleteObjects');
    expect(s3.calls.at(-1)?.keys).toEqual(['.releases/c1.json', 'assets/app.1111111111.js']);
    expect([...s3.objects.keys()]).toEqual(
      expect.arrayContaining(['assets/app.2222222222.js', 'legacy.txt', '.releases/c2.json']),
    );
    expect(run.stdout).toContain('kept releases: c2, 2 objects to delete');
  });

  test('a hashed asset already in the bucket is not uploaded again', async () => {
    const { s3 } = await servers();
    await publish('c1');
    s3.calls.length = 0;
    const run = await publish('c2');
    expect(run.code).toBe(0);
    expect(puts(s3.calls)).toEqual(['robots.txt', '.releases/c2.json', 'config.json', 'index.html']);
  });

  test('S3 AccessDenied on an upload: exit 1, index.html not replaced, nothing invalidated or deleted', async () => {
    const { s3, cloudfront } = await servers({
      fault: (c) =>
        c.operation === 'PutObject' && c.keys[0].endsWith('.css')
          ? { status: 403, code: 'AccessDenied', message: 'Access Denied' }
          : undefined,
    });
    const run = await publish('abc123');

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^bluegreen frontend: PutObject s3:\/\/shop-staging-site\/assets\/app\.[0-9a-f]{10}\.css failed: AccessDenied: Access Denied\n$/,
    );
    expect(puts(s3.calls)).not.toContain('index.html');
    expect(operations(s3.calls)).not.toContain('DeleteObjects');
    expect(cloudfront.invalidations).toEqual([]);
  });

  test('a failed invalidation: exit 1 with a message, and nothing deleted', async () => {
    const { s3 } = await servers({}, () => ({ status: 403, code: 'AccessDenied', message: 'not allowed' }));
    s3.seed('stale.txt', 'old', new Date(Date.now() - 30 * DAY));
    const run = await publish('abc123');

    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `CreateInvalidation on distribution ${DISTRIBUTION} failed: AccessDenied: not allowed`,
    );
    expect(puts(s3.calls).at(-1)).toBe('index.html');
    expect(operations(s3.calls)).not.toContain('DeleteObjects');
  });

  test('an unreadable release manifest stops the publish before any upload', async () => {
    const { s3, cloudfront } = await servers();
    s3.seed('.releases/broken.json', '{ not json', new Date());
    const run = await publish('abc123');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'bluegreen frontend: release manifest .releases/broken.json is not JSON; fix or delete it before publishing\n',
    );
    expect(puts(s3.calls)).toEqual([]);
    expect(cloudfront.invalidations).toEqual([]);
  });

  test('the frontend: block of --config names the runtime config file', async () => {
    const { s3, cloudfront } = await servers();
    const config = join(work, 'frontend.config.yaml');
    const shipped = readFileSync(join(REPO_ROOT, 'pipeline.config.yaml'), 'utf8');
    writeFileSync(
      config,
      `${shipped}\nfrontend:\n  buildContext: service/frontend\n  runtimeConfigFile: runtime.json\n`,
    );
    const run = await publish('abc123', ['--config', config]);
    expect(run.code).toBe(0);
    expect(s3.objects.has('runtime.json')).toBe(true);
    expect(cloudfront.invalidations[0].paths).toContain('/runtime.json');
  });

  test('an S3-compatible endpoint by host name with --s3-force-path-style', async () => {
    const { s3 } = await servers();
    const localhost = s3.url.replace('127.0.0.1', 'localhost');
    const run = await bluegreen(
      [
        'frontend',
        'publish',
        '--environment',
        'staging',
        '--dir',
        DIST,
        '--bucket',
        BUCKET,
        '--distribution-id',
        DISTRIBUTION,
        '--api-base-url',
        '/api',
        '--commit',
        'abc123',
        '--s3-force-path-style',
      ],
      env({ AWS_ENDPOINT_URL_S3: localhost }),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(s3.objects.has('index.html')).toBe(true);
  });

  test.each([
    [[] as string[], undefined, 'missing --commit (and CODEBUILD_RESOLVED_SOURCE_VERSION is not set)'],
    [
      ['--api-base-url', 'http://api.example.com'],
      'abc',
      "apiBaseUrl 'http://api.example.com' must be a path on the same origin",
    ],
    [['--config', '/no/such/file.yaml'], 'abc', '/no/such/file.yaml is not valid:\n  - cannot be read: ENOENT'],
  ])('usage mistake %j: exit 2, no change', async (extra, commit, message) => {
    const { s3, cloudfront } = await servers();
    const run = await publish(commit, extra);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(puts(s3.calls)).toEqual([]);
    expect(cloudfront.invalidations).toEqual([]);
  });

  test('--dry-run reads the bucket, prints the plan and changes nothing', async () => {
    const { s3, cloudfront } = await servers();
    const run = await publish('abc123', ['--dry-run']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toBe(
      'Release abc123 for staging into s3://shop-staging-site: 6 uploads, 0 hashed assets unchanged, kept releases: none, 0 objects to delete\n',
    );
    expect(operations(s3.calls)).toEqual(['ListObjectsV2']);
    expect(cloudfront.invalidations).toEqual([]);
  });

  test.each([
    [['frontend', '--help'], 0, 'usage: bluegreen frontend publish'],
    [['frontend', 'deploy'], 2, "unknown subcommand 'deploy' (allowed: publish)"],
  ])('%j: exit %i', async (argv, code, text) => {
    const run = await bluegreen(argv, {});
    expect(run.code).toBe(code);
    expect(run.stdout + run.stderr).toContain(text);
  });

  test('a build output without index.html: exit 2', async () => {
    await servers();
    const empty = mkdtempSync(join(work, 'empty-'));
    const run = await publish('abc', [], empty);
    expect(run).toMatchObject({
      code: 2,
      stderr: 'bluegreen frontend: the build output has no index.html at its top level\n',
    });
  });
});
