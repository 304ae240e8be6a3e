import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAST, IMAGE_ARGS, SHIPPED_CONFIG, useScanGateCli } from './support/scan-gate-cli';
import { basicWire, DIGEST, enhancedWire, REPOSITORY, scanAnswer } from '../../core/scan-gate/fixtures';

const { configWith, fakeEcr, scanGate, work } = useScanGateCli();

describe('bluegreen scan-gate judges a scan read from a local ECR endpoint', () => {
  test('waits through IN_PROGRESS, then passes a COMPLETE basic scan with only low findings', async () => {
    const ecr = await fakeEcr((_input, call) =>
      call < 2
        ? { body: scanAnswer('IN_PROGRESS', { completed: false }) }
        : { body: scanAnswer('COMPLETE', { findings: [basicWire('CVE-2024-1111', 'LOW')], counts: { LOW: 1 } }) },
    );

    const run = await scanGate([...IMAGE_ARGS, ...FAST]);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `scan-gate: PASS — sample/app@${DIGEST.slice(0, 19)}: no finding blocks (1 open, 0 allowlisted)`,
    );
    expect(run.stderr).toContain('scan-gate: waiting: scan status IN_PROGRESS');
    expect(ecr.callsOf('DescribeImageScanFindings')).toHaveLength(4);
    expect(ecr.callsOf('DescribeImageScanFindings')[0]).toEqual({
      repositoryName: REPOSITORY,
      imageId: { imageDigest: DIGEST },
      maxResults: 1000,
    });
  });

  test('blocks on a CRITICAL basic finding, prints the table and writes the summary', async () => {
    await fakeEcr(() => ({
      body: scanAnswer('COMPLETE', {
        findings: [basicWire('CVE-2024-9999', 'CRITICAL', 'openssl', '3.0.2'), basicWire('CVE-2024-1111', 'MEDIUM')],
        counts: { CRITICAL: 1, MEDIUM: 1 },
      }),
    }));

    const run = await scanGate([...IMAGE_ARGS, ...FAST, '--summary-out', 'out/scan-summary.json']);

    expect(run.code).toBe(1);
    const table = run.stdout.split('\n').filter((l) => l.startsWith('  '));
    expect(table).toEqual([
      expect.stringMatching(/^ {2}ID +SEVERITY +PACKAGE +FIX +WHY$/),
      expect.stringMatching(/^ {2}CVE-2024-9999 +CRITICAL +openssl 3\.0\.2 +unknown +CRITICAL is in failOn$/),
    ]);
    expect(run.stdout).toContain(
      'scan-gate: BLOCK — sample/app@sha256:ab12ab12ab12: 1 finding(s) block (CVE-2024-9999)',
    );
    expect(JSON.parse(readFileSync(join(work(), 'out', 'scan-summary.json'), 'utf8'))).toEqual({
      verdict: 'block',
      headline: 'scan-gate: BLOCK — sample/app@sha256:ab12ab12ab12: 1 finding(s) block (CVE-2024-9999)',
      repository: REPOSITORY,
      digest: DIGEST,
      scanStatus: 'COMPLETE',
      counts: { CRITICAL: 1, MEDIUM: 1 },
      blocking: ['CVE-2024-9999'],
      allowlisted: [],
      expiredAllowlist: [],
      unusedAllowlist: [],
      failOn: ['CRITICAL', 'HIGH'],
      onlyFixable: false,
    });
  });

  test('enhanced ACTIVE scan: judges enhancedFindings with onlyFixable and the allowlist (valid, expired, unused)', async () => {
    const config = configWith(`  onlyFixable: true
  allowlist:
    - { id: CVE-2024-0002, reason: 'no network path to the parser', expires: '2999-12-31' }
    - { id: CVE-2024-0003, reason: 'vendor fix scheduled for next sprint', expires: '2020-01-31' }
    - { id: CVE-2019-0001, reason: 'obsolete entry kept by mistake', expires: '2999-12-31' }`);
    await fakeEcr(() => ({
      body: scanAnswer('ACTIVE', {
        enhancedFindings: [
          enhancedWire('CVE-2024-0001', 'CRITICAL', 'NO'),
          enhancedWire('CVE-2024-0002', 'HIGH', 'YES'),
          enhancedWire('CVE-2024-0003', 'HIGH', 'PARTIAL', 'ACTIVE', 'libxml2'),
          enhancedWire('CVE-2024-0004', 'CRITICAL', 'YES', 'CLOSED'),
        ],
        counts: { CRITICAL: 1, HIGH: 2 },
      }),
    }));

    const run = await scanGate([...IMAGE_ARGS, ...FAST, '--summary-out', 'summary.json'], config);

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      / {2}CVE-2024-0003 +HIGH +libxml2 1\.2\.13 +PARTIAL +HIGH is in failOn; allowlist entry expired 2020-01-31\n/,
    );
    expect(run.stdout).toContain('allowlist: CVE-2024-0003 expired on 2020-01-31 and no longer suppresses it');
    expect(run.stdout).toContain('allowlist: CVE-2019-0001 (until 2999-12-31) is unused');
    expect(JSON.parse(readFileSync(join(work(), 'summary.json'), 'utf8'))).toMatchObject({
      verdict: 'block',
      scanStatus: 'ACTIVE',
      counts: { CRITICAL: 1, HIGH: 2 },
      blocking: ['CVE-2024-0003'],
      allowlisted: ['CVE-2024-0002'],
      expiredAllowlist: ['CVE-2024-0003'],
      unusedAllowlist: ['CVE-2019-0001'],
      onlyFixable: true,
    });
  });

  test('COMPLETE with unfilled enhanced findings (aws/aws-sdk#289) on three reads: waits for the filled answer and blocks', async () => {
    await fakeEcr((_input, call) =>
      call < 3
        ? { body: { ...scanAnswer('COMPLETE', { completed: false }), imageScanFindings: { findings: [] } } }
        : {
            body: scanAnswer('COMPLETE', {
              enhancedFindings: [enhancedWire('CVE-2024-0005', 'HIGH', 'YES')],
              counts: { HIGH: 1 },
            }),
          },
    );

    const run = await scanGate([...IMAGE_ARGS, ...FAST]);

    expect(run.code).toBe(1);
    expect(run.stderr).toContain('scan status COMPLETE but the findings are not filled in yet');
    expect(run.stdout).toContain('1 finding(s) block (CVE-2024-0005)');
  });

  test('follows nextToken: a blocking finding on the second page blocks', async () => {
    const ecr = await fakeEcr((input) =>
      input.nextToken === 'page-2'
        ? {
            body: scanAnswer('COMPLETE', {
              findings: [basicWire('CVE-2024-2222', 'HIGH')],
              counts: { LOW: 1, HIGH: 1 },
            }),
          }
        : {
            body: scanAnswer('COMPLETE', {
              findings: [basicWire('CVE-2024-1111', 'LOW')],
              counts: { LOW: 1, HIGH: 1 },
              nextToken: 'page-2',
            }),
          },
    );

    const run = await scanGate([...IMAGE_ARGS, ...FAST]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('1 finding(s) block (CVE-2024-2222)');
    expect(ecr.callsOf('DescribeImageScanFindings').map((c) => c.nextToken)).toEqual([
      undefined,
      'page-2',
      undefined,
      'page-2',
    ]);
  });

  test('without AWS_REGION or a profile the client signs for the pipeline region', async () => {
    const ecr = await fakeEcr(() => ({ body: scanAnswer('COMPLETE', { findings: [] }) }));
    delete process.env.AWS_REGION;
    // A pipeline region that nothing else in the environment names, so only the fallback can pick it.
    const config = join(work(), 'elsewhere.yaml');
    writeFileSync(
      config,
      readFileSync(SHIPPED_CONFIG, 'utf8')
        .replace(/^(pipeline:\n(?: {2}.*\n)*? {2}region: )\S+/m, '$1ap-southeast-2')
        // The release account's connection is in the pipeline's region.
        .replace(/(releaseConnectionArn: arn:aws:codeconnections:)[a-z0-9-]+:/, '$1ap-southeast-2:'),
    );

    const run = await scanGate([...IMAGE_ARGS, ...FAST], config);

    expect(run).toMatchObject({ code: 0 });
    expect(ecr.requests.map((r) => r.credentialScope)).toEqual([
      { date: expect.stringMatching(/^\d{8}$/), region: 'ap-southeast-2', service: 'ecr' },
      { date: expect.stringMatching(/^\d{8}$/), region: 'ap-southeast-2', service: 'ecr' },
    ]);
  });

  test('AWS_REGION, when set, decides the region over the pipeline region', async () => {
    const ecr = await fakeEcr(() => ({ body: scanAnswer('COMPLETE', { findings: [] }) }));
    process.env.AWS_REGION = 'us-west-2';

    const run = await scanGate([...IMAGE_ARGS, ...FAST]);

    expect(run).toMatchObject({ code: 0 });
    expect(ecr.requests[0].credentialScope).toMatchObject({ region: 'us-west-2' });
  });

  test('--registry-id is sent to ECR', async () => {
    const ecr = await fakeEcr(() => ({ body: scanAnswer('COMPLETE', { findings: [] }) }));

    const run = await scanGate([...IMAGE_ARGS, ...FAST, '--registry-id', '444455556666']);

    expect(run.code).toBe(0);
    expect(ecr.callsOf('DescribeImageScanFindings')[0]).toMatchObject({ registryId: '444455556666' });
  });
});
