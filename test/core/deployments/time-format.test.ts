import { formatDuration, formatLifecycleEvents, formatTime, MAX_LOG_TAIL_LINES } from '../../../core/deployments';

describe('formatTime', () => {
  test('UTC to the second, and a dash when CodeDeploy has no time', () => {
    expect(formatTime(new Date('2025-03-04T10:15:00.999Z'))).toBe('2025-03-04 10:15:00 UTC');
    expect(formatTime(undefined)).toBe('-');
    expect(formatTime(new Date(NaN))).toBe('-');
  });
});

describe('formatDuration', () => {
  test.each([
    [0, '0s'],
    [-5000, '0s'],
    [59_999, '59s'],
    [185_000, '3m 05s'],
    [2 * 3600_000 + 7 * 60_000, '2h 07m'],
    [3 * 86_400_000 + 4 * 3600_000, '3d 04h'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatLifecycleEvents', () => {
  test('no events yet', () => {
    expect(formatLifecycleEvents([])).toEqual(['  (none reported yet)']);
  });

  test('keeps only the last lines of a long log tail', () => {
    const logTail = Array.from({ length: MAX_LOG_TAIL_LINES + 5 }, (_, i) => `line ${i + 1}`).join('\n');
    const lines = formatLifecycleEvents([
      { lifecycleEventName: 'AfterAllowTraffic', status: 'Failed', diagnostics: { logTail } },
    ]);
    expect(lines[0]).toBe('  AfterAllowTraffic  Failed');
    expect(lines.slice(1)).toEqual(Array.from({ length: MAX_LOG_TAIL_LINES }, (_, i) => `      | line ${i + 6}`));
  });

  test('an event without a status says so instead of guessing', () => {
    expect(formatLifecycleEvents([{ lifecycleEventName: 'Install' }])).toEqual(['  Install  not reported']);
  });
});
