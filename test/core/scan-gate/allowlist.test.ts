import { isExpired, sameId } from '../../../core/scan-gate';

const entry = (expires: string) => ({ id: 'CVE-2024-0001', reason: 'no exploit path in our image', expires });

describe('isExpired: an entry holds through its whole expiry day in UTC', () => {
  test.each([
    ['2025-06-30T00:00:00Z', false],
    ['2025-06-30T23:59:59.999Z', false],
    ['2025-07-01T00:00:00Z', true],
    ['2025-06-29T12:00:00Z', false],
    ['2026-01-01T00:00:00Z', true],
  ])('expires 2025-06-30, now %s → expired %s', (now, expired) => {
    expect(isExpired(entry('2025-06-30'), new Date(now))).toBe(expired);
  });

  test.each(['2025-02-30', '2025-13-01', '30.06.2025', ''])('an impossible date %p counts as expired', (expires) => {
    expect(isExpired(entry(expires), new Date('2000-01-01T00:00:00Z'))).toBe(true);
  });
});

test('ids match regardless of case', () => {
  expect(sameId('cve-2024-0001', 'CVE-2024-0001')).toBe(true);
  expect(sameId('CVE-2024-0001', 'CVE-2024-00010')).toBe(false);
});
