/**
 * EventBridge Scheduler's recurring expressions, checked before CloudFormation sees them
 * (https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html):
 * `rate(value unit)` with a whole positive value and a unit that is singular for 1 and plural otherwise, and
 * `cron(minutes hours day-of-month month day-of-week year)` with exactly one of the two day fields a `?`.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** Each field's characters, the range its values take (day-of-week 1-7 from Sunday) and the names it accepts. */
const CRON_FIELDS = [
  { name: 'minutes', pattern: /^[0-9,\-*/]+$/, min: 0, max: 59, names: [] },
  { name: 'hours', pattern: /^[0-9,\-*/]+$/, min: 0, max: 23, names: [] },
  { name: 'day-of-month', pattern: /^([0-9,\-*?/LW]+)$/, min: 1, max: 31, names: [] },
  {
    name: 'month',
    pattern: /^([0-9,\-*/]|JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)+$/,
    min: 1,
    max: 12,
    names: MONTHS,
  },
  { name: 'day-of-week', pattern: /^([0-9,\-*?/L#]|SUN|MON|TUE|WED|THU|FRI|SAT)+$/, min: 1, max: 7, names: DAYS },
  { name: 'year', pattern: /^[0-9,\-*/]+$/, min: 1970, max: 2199, names: [] },
] as const;

/** The first value of a field outside its range, or a step of 0, as a problem; undefined when all are in range. */
function rangeProblem(field: (typeof CRON_FIELDS)[number], text: string): string | undefined {
  const valueOf = (token: string) => {
    const named = (field.names as readonly string[]).indexOf(token);
    return named >= 0 ? named + 1 : Number(token);
  };
  for (const part of text.split(',')) {
    const [values, step] = part.split('/');
    const [value, nth] = values.replace(/W$|L$/, '').split('#');
    if (step !== undefined && !(Number(step) >= 1 && Number(step) <= field.max))
      return `has a step '${step}' in its ${field.name} field; it takes 1-${field.max}`;
    if (nth !== undefined && !(Number(nth) >= 1 && Number(nth) <= 5))
      return `has '#${nth}' in its ${field.name} field; the nth weekday of a month is 1-5`;
    for (const token of value.split('-').filter((t) => t !== '' && t !== '*' && t !== '?' && t !== 'L')) {
      const number = valueOf(token);
      if (!Number.isInteger(number) || number < field.min || number > field.max)
        return `has '${token}' in its ${field.name} field; it takes ${field.min}-${field.max}`;
    }
  }
  return undefined;
}

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
  for (const [i, field] of CRON_FIELDS.entries()) {
    const problem = rangeProblem(field, fields[i]);
    if (problem !== undefined) return problem;
  }
  const [, , dayOfMonth, , dayOfWeek] = fields;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return 'must have exactly one of day-of-month and day-of-week as ?, e.g. cron(0 3 * * ? *) or cron(0 3 ? * MON *)';
  }
  return undefined;
}
