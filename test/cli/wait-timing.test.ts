import { waitTiming } from '../../cli/wait-timing';

const LIMITS = { timeout: { default: 1800, max: 28800 }, poll: { default: 15, max: 300 } };

describe('waitTiming', () => {
  test('the defaults, in milliseconds, when neither flag is given', () => {
    expect(waitTiming({}, LIMITS)).toEqual({ timeoutMs: 1_800_000, pollMs: 15_000 });
  });

  test('each flag within its limit', () => {
    expect(waitTiming({ 'timeout-seconds': '60', 'poll-seconds': '2.5' }, LIMITS)).toEqual({
      timeoutMs: 60_000,
      pollMs: 2_500,
    });
  });

  test.each([
    [
      { 'timeout-seconds': '28801' },
      "--timeout-seconds must be a number of seconds above 0 and at most 28800, got '28801'",
    ],
    [{ 'poll-seconds': '0' }, "--poll-seconds must be a number of seconds above 0 and at most 300, got '0'"],
    [{ 'poll-seconds': 'soon' }, "--poll-seconds must be a number of seconds above 0 and at most 300, got 'soon'"],
  ])('refuses %p with one line naming the flag and its limit', (flags, message) => {
    expect(() => waitTiming(flags, LIMITS)).toThrow(message);
  });
});
