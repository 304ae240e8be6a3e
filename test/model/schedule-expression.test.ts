import { scheduleExpressionProblem } from '../../model/schedule-expression';

describe('scheduleExpressionProblem admits what EventBridge Scheduler accepts', () => {
  test.each([
    'rate(1 minute)',
    'rate(5 hours)',
    'cron(0 3 * * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(*/5 * * * ? *)',
    'cron(0 3 ? * MON-FRI *)',
    'cron(0 3 ? * 6#3 *)',
    'cron(0 3 ? * 6L *)',
    'cron(0 3 L * ? *)',
    'cron(0 3 LW * ? *)',
    'cron(0 3 15W * ? *)',
    'cron(0 3 1 JAN-MAR ? 2026-2030)',
    'cron(59 23 31 12 ? 2199)',
  ])('%s', (expression) => {
    expect(scheduleExpressionProblem(expression)).toBeUndefined();
  });
});

describe('scheduleExpressionProblem names the field and its range', () => {
  test.each([
    ['cron(0 99 * * ? *)', "has '99' in its hours field; it takes 0-23"],
    ['cron(60 3 * * ? *)', "has '60' in its minutes field; it takes 0-59"],
    ['cron(0 3 32 * ? *)', "has '32' in its day-of-month field; it takes 1-31"],
    ['cron(0 3 0 * ? *)', "has '0' in its day-of-month field; it takes 1-31"],
    ['cron(0 3 * 13 ? *)', "has '13' in its month field; it takes 1-12"],
    ['cron(0 3 ? * 8 *)', "has '8' in its day-of-week field; it takes 1-7"],
    ['cron(0 3 * * ? 1969)', "has '1969' in its year field; it takes 1970-2199"],
    ['cron(0 1-25 * * ? *)', "has '25' in its hours field; it takes 0-23"],
    ['cron(0/0 3 * * ? *)', "has a step '0' in its minutes field; it takes 1-59"],
    ['cron(0 3 ? * 2#6 *)', "has '#6' in its day-of-week field; the nth weekday of a month is 1-5"],
    ['cron(0 3 * * * *)', 'must have exactly one of day-of-month and day-of-week as ?'],
    ['cron(0 3 * * ?)', 'has 5 cron fields; it needs 6'],
    ['rate(1 minutes)', 'must say rate(1 minute)'],
  ])('%s', (expression, problem) => {
    expect(scheduleExpressionProblem(expression)).toContain(problem);
  });
});
