import { z } from 'zod';
import { checkSchema } from './check-schema';
import { commonFields } from './service-common-fields';
import { cpu, environmentVariables, port, urlPath } from './service-fields';

export { environmentVariables, FARGATE_CPU, serviceName } from './service-fields';
export { sidecarSchema, type SidecarConfig } from './sidecar-schema';
export { releaseTaskSchema, type ReleaseTaskConfig } from './release-task-schema';
export {
  fromLegacyService,
  fromServiceInput,
  isWebService,
  LEGACY_SERVICE_NAME,
  type ServiceConfig,
  type WebService,
  type WorkerService,
} from './service-config';

/**
 * The application's services. `services:` lists them (web services deployed blue/green behind their own load
 * balancer, workers that roll); the older single `service:` form means one web service behind an ALB and keeps
 * the physical names it always had.
 */

/** A field a kind of service must not have, refused with why. */
const refused = (why: string) =>
  z
    .unknown()
    .optional()
    .refine((value) => value === undefined, why);

export const webServiceSchema = z.strictObject({
  ...commonFields,
  kind: z.literal('web').describe('web: behind its own load balancer, deployed blue/green by CodeDeploy'),
  loadBalancer: z
    .enum(['alb', 'nlb'])
    .default('alb')
    .describe('alb: HTTP(S) load balancer; nlb: TCP network load balancer (default alb)'),
  public: z
    .boolean()
    .default(true)
    .describe('Internet-facing load balancer; false: internal to the VPC (default true)'),
  port: port().describe('Port the app container listens on; the load balancer forwards to it'),
  healthCheckPath: urlPath
    .optional()
    .describe('Target-group health check; required behind an ALB, a TCP check behind an NLB without it'),
  checks: z
    .array(checkSchema)
    .min(1)
    .optional()
    .describe("HTTP checks the hooks run against this service's green tasks (default the top-level checks)"),
  minHealthyPercent: refused('a web service is deployed blue/green by CodeDeploy; only a worker rolls').describe(
    'Not allowed on a web service: it is deployed blue/green, only a worker rolls',
  ),
  maxHealthyPercent: refused('a web service is deployed blue/green by CodeDeploy; only a worker rolls').describe(
    'Not allowed on a web service: it is deployed blue/green, only a worker rolls',
  ),
  singleton: refused(
    'a web service is deployed blue/green by CodeDeploy, which starts green beside blue, so two tasks always run ' +
      'during a deployment; make the single instance a kind: worker (rolled out by ECS, old task stopped first)',
  ).describe('Not allowed on a web service: blue/green runs two task sets; make a single instance a worker'),
});

const NO_LOAD_BALANCER = 'a worker has no load balancer (CodeDeploy cannot deploy it); make it kind: web to serve';
const NOT_ON_A_WORKER = 'Not allowed on a worker: it has no load balancer; make it kind: web to serve';

export const workerServiceSchema = z.strictObject({
  ...commonFields,
  kind: z.literal('worker').describe('worker: no load balancer, rolled out by ECS with circuit breaker and alarms'),
  singleton: z
    .boolean()
    .default(false)
    .describe(
      'Exactly one task (a scheduler such as Celery beat): no scaling, and a rollout stops the old task before the ' +
        'new one starts (minHealthyPercent 0, maxHealthyPercent 100) (default false)',
    ),
  desiredCount: z
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('Tasks the worker starts with, raised to its scaling minTasks when lower (default 2, 1 for a singleton)'),
  minHealthyPercent: z
    .int()
    .min(0)
    .max(100)
    .optional()
    .describe('Lower bound of running tasks during a rollout, in % of desiredCount (default 100, 0 for a singleton)'),
  maxHealthyPercent: z
    .int()
    .min(100)
    .max(200)
    .optional()
    .describe('Upper bound of tasks during a rollout, in % of desiredCount (default 200, 100 for a singleton)'),
  queueScaling: z
    .strictObject({
      namespace: z.string().min(1).describe('CloudWatch namespace of the metric, e.g. Shop'),
      metricName: z.string().min(1).describe('Name of the metric, e.g. QueueDepth'),
      dimensions: z
        .record(z.string(), z.string())
        .default({})
        .describe('Dimensions of the metric, by name (default none)'),
      statistic: z
        .enum(['Average', 'Maximum', 'Sum'])
        .default('Average')
        .describe('Statistic over each minute the scaling tracks (default Average)'),
      targetValue: z.number().positive().describe('Backlog per task the scaling keeps'),
    })
    .optional()
    .describe('Scale on a custom metric such as queue depth, besides CPU'),
  loadBalancer: refused(NO_LOAD_BALANCER).describe(NOT_ON_A_WORKER),
  port: refused(NO_LOAD_BALANCER).describe(NOT_ON_A_WORKER),
  healthCheckPath: refused(NO_LOAD_BALANCER).describe(NOT_ON_A_WORKER),
  public: refused(NO_LOAD_BALANCER).describe(NOT_ON_A_WORKER),
  checks: refused('a worker has no listener to check; its rollout is watched by its deployment alarms').describe(
    'Not allowed on a worker: it has no listener to check; its deployment alarms watch its rollout',
  ),
  release: refused(
    'a worker is rolled out by CloudFormation, so nothing runs between registering its task definition and its ' +
      'rollout; give the release task to the web service that uses the schema',
  ).describe('Not allowed on a worker: nothing runs between its registration and its rollout'),
});

export const applicationServiceSchema = z.discriminatedUnion('kind', [webServiceSchema, workerServiceSchema]);

/** The older single-service form: one web service behind an ALB. */
export const legacyServiceSchema = z.strictObject({
  containerName: commonFields.containerName,
  port: port().describe('Port the app container listens on; the ALB forwards to it'),
  healthCheckPath: urlPath.default('/health').describe('Path of the target-group health check (default /health)'),
  cpu: cpu(),
  memory: commonFields.memory,
  desiredCount: commonFields.desiredCount,
  environment: environmentVariables(),
  secrets: commonFields.secrets,
  dockerfile: z
    .string()
    .min(1)
    .default('Dockerfile')
    .describe('The Dockerfile, relative to buildContext (default Dockerfile)'),
  buildContext: z
    .string()
    .min(1)
    .default('service')
    .describe('Directory the image is built from, relative to the repository root (default service)'),
  permissions: commonFields.permissions,
  user: commonFields.user,
  readonlyRootFilesystem: commonFields.readonlyRootFilesystem,
  taskDefinitionOverrides: commonFields.taskDefinitionOverrides,
});

export type WebServiceInput = z.output<typeof webServiceSchema>;
export type WorkerServiceInput = z.output<typeof workerServiceSchema>;
export type LegacyServiceInput = z.output<typeof legacyServiceSchema>;
