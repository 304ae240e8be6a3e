import { ConfigError, parseConfig } from '../../../model/config';
import { scheduleExpressionProblem } from '../../../model/schedule-expression';

/** A web service and a worker; `extra` adds top-level YAML, `web` and `worker` add fields to each service. */
function yaml({ extra = '', web = '', worker = '' }: { extra?: string; web?: string; worker?: string } = {}): string {
  return `
application: shop
pipeline: { account: '111111111111', region: eu-west-1 }
source: { connectionArn: 'arn:aws:codeconnections:eu-west-1:111111111111:connection/abc-123', repository: org/shop }
services:
  - { name: web, kind: web, port: 8000, healthCheckPath: /health, buildContext: service${web} }
  - { name: worker, kind: worker, buildContext: service${worker} }
environments:
  - { name: staging, account: '222222222222', region: eu-west-1, availabilityZones: [eu-west-1a, eu-west-1b] }
${extra}`;
}

function problemsOf(text: string): readonly string[] {
  try {
    parseConfig(text, 'test.yaml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const JOB = `jobs:\n  - { name: nightly, service: web, command: [python, manage.py, clearsessions], schedule: 'cron(0 3 * * ? *)' }`;

describe('storage, buckets and jobs in a valid configuration', () => {
  const config = parseConfig(
    yaml({
      web: ', uses: [media], storage: { volumes: [{ name: uploads, path: /app/uploads }] }',
      worker: ', uses: [media]',
      extra: `buckets:\n  - { name: media, readOnly: [worker] }\n${JOB}`,
    }),
    'test.yaml',
  );

  test('volumes, buckets and jobs get their documented defaults', () => {
    expect(config.services[0].storage?.volumes).toEqual([
      { name: 'uploads', path: '/app/uploads', readOnly: false, permissions: '750' },
    ]);
    expect(config.buckets).toEqual([{ name: 'media', readOnly: ['worker'], noncurrentVersionDays: 30 }]);
    expect(config.jobs).toEqual([
      {
        name: 'nightly',
        service: 'web',
        command: ['python', 'manage.py', 'clearsessions'],
        schedule: 'cron(0 3 * * ? *)',
        timezone: 'UTC',
        retries: 2,
        maxEventAgeMinutes: 60,
      },
    ]);
  });
});

describe('each mistake stops with one line naming the field', () => {
  test.each([
    [
      'a job without a command',
      yaml({ extra: `jobs:\n  - { name: nightly, service: web, schedule: 'rate(1 day)' }` }),
      'jobs[0].command: is required',
    ],
    [
      'a job with an empty command',
      yaml({ extra: `jobs:\n  - { name: nightly, service: web, command: [], schedule: 'rate(1 day)' }` }),
      'jobs[0].command: needs at least one word',
    ],
    [
      'a cron expression with five fields',
      yaml({ extra: JOB.replace('cron(0 3 * * ? *)', 'cron(0 3 * * *)') }),
      'jobs[0].schedule: has 5 cron fields; it needs 6',
    ],
    [
      'a job on an unknown service',
      yaml({ extra: JOB.replace('service: web', 'service: api') }),
      'jobs[0].service: names no service (services: web, worker)',
    ],
    [
      'a job in an unknown time zone',
      yaml({ extra: `${JOB.slice(0, -2)}, timezone: Mars/Olympus }` }),
      'jobs[0].timezone: must be an IANA time zone',
    ],
    [
      'a job naming a container the service does not have',
      yaml({ extra: `${JOB.slice(0, -2)}, container: proxy }` }),
      "jobs[0].container: names no container of service 'web' (containers: app)",
    ],
    [
      'a volume path that is not absolute',
      yaml({ web: ', storage: { volumes: [{ name: uploads, path: app/uploads }] }' }),
      'services[0].storage.volumes[0].path: must be an absolute directory path such as /app/uploads',
    ],
    [
      'two volumes at one path',
      yaml({
        web: ', storage: { volumes: [{ name: a, path: /app/files }, { name: b, path: /app/files }] }',
      }),
      'services[0].storage.volumes: mounts two volumes at one path',
    ],
    [
      'services sharing a volume as different owners',
      yaml({
        web: ', storage: { volumes: [{ name: uploads, path: /app/uploads }] }',
        worker: ", user: '2000:2000', storage: { volumes: [{ name: uploads, path: /data }] }",
      }),
      "services[1].storage.volumes[0].uid: makes volume 'uploads' owned by 2000:2000, but service 'web' shares it as 1000:1000",
    ],
    [
      'uses naming a bucket that does not exist',
      yaml({ web: ', uses: [media]' }),
      'services[0].uses[0]: names no service or bucket (services: web, worker)',
    ],
    [
      'a read-only grant to a service that does not use the bucket',
      yaml({ extra: 'buckets:\n  - { name: media, readOnly: [worker] }' }),
      "buckets[0].readOnly[0]: names no service that uses this bucket (add 'media' to that service's uses)",
    ],
    [
      'a bucket named like a service',
      yaml({ extra: 'buckets:\n  - { name: worker }' }),
      'buckets[0].name: is also the name of a service or of the data tier',
    ],
  ])('%s', (_name, text, expected) => {
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(expected);
    expect(problems[0]).not.toContain('\n');
  });
});

describe('scheduleExpressionProblem', () => {
  test.each([
    'cron(0 3 * * ? *)',
    'cron(15 10 ? * MON-FRI *)',
    'cron(0/15 * * * ? *)',
    'rate(1 minute)',
    'rate(12 hours)',
  ])('accepts %s', (expression) => expect(scheduleExpressionProblem(expression)).toBeUndefined());

  test.each([
    ['cron(0 3 * * * *)', 'exactly one of day-of-month and day-of-week as ?'],
    ['cron(0 3 ? * ? *)', 'exactly one of day-of-month and day-of-week as ?'],
    ['cron(0 3 * * ? * 1)', 'has 7 cron fields'],
    ['cron(0 3 * FOO ? *)', "invalid month field 'FOO'"],
    ['rate(1 hours)', 'must say rate(1 hour)'],
    ['rate(5 minute)', 'must say rate(5 minutes)'],
    ['rate(0 minutes)', 'below 1'],
    ['0 3 * * *', "must be 'cron(minutes hours day-of-month month day-of-week year)' or 'rate(value unit)'"],
  ])('refuses %s', (expression, problem) => {
    expect(scheduleExpressionProblem(expression)).toContain(problem);
  });
});
