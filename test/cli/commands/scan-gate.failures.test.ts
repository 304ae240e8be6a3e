import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAST, IMAGE_ARGS, useScanGateCli } from './support/scan-gate-cli';
import { DIGEST, scanAnswer } from '../../core/scan-gate/fixtures';

const { configWith, fakeEcr, scanGate, work } = useScanGateCli();

describe('bluegreen scan-gate never passes an image it could not judge', () => {
  test('FAILED scan fails with ECR’s description and writes an error summary', async () => {
    await fakeEcr(() => ({
      body: scanAnswer('FAILED', { completed: false, description: 'UnsupportedImageError: layer too large' }),
    }));

    const run = await scanGate([...IMAGE_ARGS, ...FAST, '--summary-out', 'summary.json']);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'scan-gate: FAIL — sample/app@sha256:ab12ab12ab12 could not be judged: scan status FAILED: the scan failed; ECR says: UnsupportedImageError: layer too large',
    );
    expect(JSON.parse(readFileSync(join(work(), 'summary.json'), 'utf8'))).toMatchObject({
      verdict: 'error',
      scanStatus: 'FAILED',
      reason: expect.stringContaining('scan status FAILED'),
      blocking: [],
    });
  });

  test.each(['UNSUPPORTED_IMAGE', 'FINDINGS_UNAVAILABLE', 'SCAN_ELIGIBILITY_EXPIRED', 'A_STATUS_FROM_THE_FUTURE'])(
    '%s is a failure, never a pass',
    async (status) => {
      await fakeEcr(() => ({ body: scanAnswer(status) }));

      const run = await scanGate([...IMAGE_ARGS, ...FAST]);

      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`could not be judged: scan status ${status}`);
    },
  );

  test('a scan that never finishes hits the timeout and fails', async () => {
    const ecr = await fakeEcr(() => ({ body: scanAnswer('IN_PROGRESS', { completed: false }) }));

    const run = await scanGate([...IMAGE_ARGS, '--poll-seconds', '0.02', '--timeout-seconds', '0.3']);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'could not be judged: no judgeable scan within 0.3 s; last seen: scan status IN_PROGRESS',
    );
    expect(ecr.callsOf('DescribeImageScanFindings').length).toBeGreaterThanOrEqual(2);
  });

  test('the timeout comes from scan.timeoutSeconds of the config unless --timeout-seconds overrides it', async () => {
    await fakeEcr(() => ({ body: scanAnswer('COMPLETE', { findings: [] }) }));

    const fromConfig = await scanGate([...IMAGE_ARGS, ...FAST], configWith('  timeoutSeconds: 42'));
    const fromFlag = await scanGate([...IMAGE_ARGS, ...FAST, '--timeout-seconds', '7']);
    const fromDefault = await scanGate([...IMAGE_ARGS, ...FAST]);

    expect(fromConfig.stderr).toContain(`scan-gate: waiting up to 42 s for the scan of sample/app@${DIGEST}`);
    expect(fromFlag.stderr).toContain('scan-gate: waiting up to 7 s');
    expect(fromDefault.stderr).toContain('scan-gate: waiting up to 900 s');
  });

  test('ScanNotFoundException until the timeout fails, naming scan on push', async () => {
    await fakeEcr(() => ({ status: 400, errorType: 'ScanNotFoundException', message: 'no scan' }));

    const run = await scanGate([...IMAGE_ARGS, '--poll-seconds', '0.02', '--timeout-seconds', '0.2']);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain('is scan on push enabled for repository sample/app?');
  });

  test.each([
    ['ImageNotFoundException', `image ${DIGEST} does not exist in repository sample/app`],
    ['AccessDeniedException', 'access denied: the caller needs ecr:DescribeImageScanFindings'],
  ])('%s fails at once', async (errorType, text) => {
    const ecr = await fakeEcr(() => ({ status: 400, errorType }));

    const run = await scanGate([...IMAGE_ARGS, ...FAST]);

    expect(run.code).toBe(1);
    expect(run.stdout).toContain(text);
    expect(ecr.callsOf('DescribeImageScanFindings')).toHaveLength(1);
  });
});
