import { classifyScanStatus } from '../../../core/scan-gate';

describe('classifyScanStatus', () => {
  test.each(['IN_PROGRESS', 'PENDING'])('%s means wait', (status) => {
    expect(classifyScanStatus(status, undefined)).toEqual({ action: 'wait' });
  });

  test.each(['COMPLETE', 'ACTIVE'])('%s means judge', (status) => {
    expect(classifyScanStatus(status, undefined)).toEqual({ action: 'judge' });
  });

  test.each([
    ['FAILED', 'the scan failed'],
    ['UNSUPPORTED_IMAGE', 'does not support'],
    ['FINDINGS_UNAVAILABLE', 'no findings for this image'],
    ['SCAN_ELIGIBILITY_EXPIRED', 'no longer eligible'],
    ['LIMIT_EXCEEDED', 'one scan per image per 24 hours'],
    ['IMAGE_ARCHIVED', 'archived'],
    ['SOMETHING_NEW', 'unknown scan status (allowed to pass: COMPLETE, ACTIVE)'],
    ['complete', 'unknown scan status'],
  ])('%s fails with a reason', (status, text) => {
    const verdict = classifyScanStatus(status, 'ECR said so');

    expect(verdict).toEqual({ action: 'fail', reason: expect.stringContaining(`scan status ${status}: `) });
    expect(verdict).toEqual({ action: 'fail', reason: expect.stringContaining(text) });
    expect(verdict).toEqual({ action: 'fail', reason: expect.stringContaining('ECR says: ECR said so') });
  });

  test.each([undefined, ''])('a missing status (%p) fails', (status) => {
    expect(classifyScanStatus(status, undefined)).toEqual({
      action: 'fail',
      reason: 'ECR answered without a scan status',
    });
  });
});
