import { z } from 'zod';
import { scheduleExpressionProblem } from '../schedule-expression';

/**
 * Scheduled jobs: EventBridge Scheduler runs a service's task definition with another command (a nightly
 * management command, a report). Built in pipeline/environment/jobs; one schedule per job and environment.
 */

const NAME = /^[a-z][a-z0-9-]{0,23}$/;
const NAME_MESSAGE = "must be 1-24 characters: lower-case letters, digits and '-', starting with a letter";

/** Time zones the runtime knows (IANA names), which are the ones EventBridge Scheduler accepts. */
const TIME_ZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);

export const jobSchema = z.strictObject({
  name: z
    .string()
    .regex(NAME, NAME_MESSAGE)
    .describe('Name of the job, each job once; its schedule and alarm are named after it'),
  service: z
    .string()
    .regex(NAME, NAME_MESSAGE)
    .describe('The service whose task definition (image, variables, secrets, volumes) the job runs'),
  container: z
    .string()
    .regex(NAME, NAME_MESSAGE)
    .optional()
    .describe('The container whose command is replaced (default the app container)'),
  command: z
    .array(z.string())
    .min(1, 'needs at least one word, e.g. [python, manage.py, clearsessions]')
    .describe('The command the job runs instead of the image CMD, as a list of words'),
  schedule: z
    .string()
    .superRefine((expression, ctx) => {
      const problem = scheduleExpressionProblem(expression);
      if (problem) ctx.addIssue({ code: 'custom', message: problem, input: expression });
    })
    .describe("cron(minutes hours day-of-month month day-of-week year) or rate(value unit), e.g. 'cron(0 3 * * ? *)'"),
  timezone: z
    .string()
    .refine((zone) => TIME_ZONES.has(zone), 'must be an IANA time zone such as Europe/Berlin or UTC')
    .default('UTC')
    .describe('The time zone a cron expression is read in (default UTC)'),
  retries: z
    .int()
    .min(0)
    .max(185)
    .default(2)
    .describe(
      'Times the scheduler retries a RunTask that ECS refused (capacity, throttling); a run that fails is not ' +
        'retried (default 2)',
    ),
  maxEventAgeMinutes: z
    .int()
    .min(1)
    .max(1440)
    .default(60)
    .describe('Minutes after which an undelivered run goes to the dead-letter queue instead (default 60)'),
});

export type JobConfig = z.output<typeof jobSchema>;

interface JobService {
  readonly name: string;
  readonly containerName: string;
  readonly sidecars: readonly { readonly name: string }[];
}
type Issue = (path: (string | number)[], message: string, input?: unknown) => void;

/** Jobs name a service and a container that exist, each job once. */
export function refineJobs(jobs: readonly JobConfig[], services: readonly JobService[], issue: Issue): void {
  jobs.forEach((job, j) => {
    if (jobs.findIndex((other) => other.name === job.name) !== j) {
      issue(['jobs', j, 'name'], 'is used by two jobs; job names must be unique', job.name);
    }
    const service = services.find((s) => s.name === job.service);
    if (!service) {
      issue(
        ['jobs', j, 'service'],
        `names no service (services: ${services.map((s) => s.name).join(', ')})`,
        job.service,
      );
      return;
    }
    const containers = [service.containerName, ...service.sidecars.map((sidecar) => sidecar.name)];
    if (job.container !== undefined && !containers.includes(job.container)) {
      issue(
        ['jobs', j, 'container'],
        `names no container of service '${service.name}' (containers: ${containers.join(', ')})`,
        job.container,
      );
    }
  });
}
