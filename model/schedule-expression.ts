/**
 * EventBridge Scheduler's recurring expressions, checked before CloudFormation sees them
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html):
 * `rate(value unit)` with a whole positive value and a unit that is singular for 1 and plural otherwise, and
 * `cron(minutes hours day-of-month month day-of-week year)` with exactly one of the two day fields a `?`.
 */

const CRON_FIELDS = [
  { name: 'minutes', pattern: /^[0-9,\-*/]+$/ },
  { name: 'hours', pattern: /^[0-9,\-*/]+$/ },
  { name: 'day-of-month', pattern: /^([0-9,\-*?/LW]+)$/ },
  { name: 'month', pattern: /^([0-9,\-*/]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)+$/ },
  { name: 'day-of-week', pattern: /^([0-9,\-*?/L#]|SUN|MON|TUE|WED|THU|FRI|SAT)+$/ },
  { name: 'year', pattern: /^[0-9,\-*/]+$/ },
] as const;

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(([^()]*)\)$/;

/** What is wrong with a recurring schedule expression, or undefined when EventBridge Scheduler accepts its form. */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const rate = RATE.exec(expression);
  if (rate) {
    const value = Number(rate[1]);
    const singular = !rate[2].endsWith('s');
    if (value < 1) return 'has a rate below 1; the smallest is rate(1 minute)';
    if (value === 1 && !singular) return `must say rate(1 ${rate[2].slice(0, -1)}): the unit is singular for 1`;
    if (value > 1 && singular) return `must say rate(${value} ${rate[2]}s): the unit is plural above 1`;
    return undefined;
  }
  const cron = CRON.exec(expression);
  if (!cron) {
    return "must be 'cron(minutes hours day-of-month month day-of-week year)' or 'rate(value unit)', e.g. cron(0 3 * * ? *)";
  }
  const fields = cron[1].trim().split(/\s+/);
  if (fields.length !== 6) {
    return `has ${fields.length} cron fields; it needs 6: minutes hours day-of-month month day-of-week year, e.g. cron(0 3 * * ? *)`;
  }
  const bad = CRON_FIELDS.findIndex((field, i) => !field.pattern.test(fields[i]));
  if (bad >= 0) return `has an invalid ${CRON_FIELDS[bad].name} field '${fields[bad]}'`;
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return 'must have exactly one of day-of-month and day-of-week as ?, e.g. cron(0 3 * * ? *) or cron(0 3 ? * MON *)';
  }
  return undefined;
}
