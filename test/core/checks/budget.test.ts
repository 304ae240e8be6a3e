import { DEFAULT_BUDGET_MS, parseBudgetMs } from '../../../core/checks';

test('absent or empty is the default budget', () => {
  expect(parseBudgetMs(undefined, 'X')).toBe(DEFAULT_BUDGET_MS);
  expect(parseBudgetMs('', 'X')).toBe(DEFAULT_BUDGET_MS);
});

test('takes whole milliseconds from 100 to a hook’s 15 minutes', () => {
  expect(parseBudgetMs('100', 'X')).toBe(100);
  expect(parseBudgetMs('900000', 'X')).toBe(900_000);
});

test.each(['99', '900001', '20s', '1.5', '-100'])('refuses %s, naming the setting it came from', (text) => {
  expect(() => parseBudgetMs(text, '--budget-ms')).toThrow(
    `--budget-ms must be a whole number from 100 to 900000 (got ${JSON.stringify(text)})`,
  );
});
