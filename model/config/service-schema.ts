import { z } from 'zod';
import { checkSchema } from './check-schema';
import { serviceStorageSchema } from './storage-schema';
import { taskDefinitionOverridesSchema } from './task-definition-overrides';
import { ENV_VAR, ENV_VAR_NAME_MESSAGE, secretsSchema } from './secret-schema';
import { taskRolePermissionsSchema } from './task-role-permissions';

/**
 * The application's services. `services:` lists them (web services deployed blue/green behind their own load
 * balancer, workers that roll); the older single `service:` form means one web service behind an ALB and keeps
 * the physical names it always had.
 */

const NAME = /^[a-z][a-z0-9-]{0,23}$/;

export const serviceName = () =>
  z.string().regex(NAME, "must be 1-24 characters: lower-case letters, digits and '-', starting with a letter");

const urlPath = z.string().regex(/^\/[^\s]*$/, "must be a URL path starting with '/'");
const port = () => z.int().min(1).max(65535);

export const environmentVariables = () =>
  z
    .record(z.string().regex(ENV_VAR, ENV_VAR_NAME_MESSAGE), z.string())
    .default({})
    .describe('Environment variables of the container, by name (default none)');

export const FARGATE_CPU = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;

const cpu = () =>
  z
    .union(FARGATE_CPU.map((c) => z.literal(c)) as unknown as [z.ZodLiteral<256>, ...z.ZodLiteral<number>[]])
    .default(256)
    .describe('CPU units of the task, one of the Fargate sizes; memory must fit it (default 256)');

/** A container beside the app container: a proxy, a log router, a collector. Render leaves it untouched. */
export const sidecarSchema = z.strictObject({
  name: serviceName().describe('Container name of the sidecar in the task; dependsOn refers to it by this name'),
  image: z
    .string()
    .min(1)
    .describe('Image reference, e.g. public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0'),
  essential: z.boolean().default(false).describe('true: when it stops, ECS stops the whole task (default false)'),
  cpu: z
    .int()
    .min(0)
    .max(16384)
    .optional()
    .describe("CPU units reserved for the sidecar out of the task's cpu; none reserved when absent"),
  memory: z.int().min(6).max(122_880).optional().describe('Hard limit in MiB'),
  dependsOn: z
    .array(
      z.strictObject({
        container: serviceName().describe('The container waited for: the app container or another sidecar'),
        condition: z
          .enum(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'])
          .default('START')
          .describe('What is waited for: the container started, exited, exited with 0, or is healthy (default START)'),
      }),
    )
    .default([])
    .describe('Containers this one waits for before it starts (default none)'),
  portMappings: z
    .array(
      z.strictObject({
        containerPort: port().describe('Port the sidecar listens on inside the task'),
        protocol: z.enum(['tcp', 'udp']).default('tcp').describe('Protocol of the port (default tcp)'),
      }),
    )
    .default([])
    .describe('Ports the sidecar listens on (default none)'),
  environment: environmentVariables(),
  command: z.array(z.string()).optional().describe('Overrides the image CMD'),
  user: z
    .string()
    .regex(/^\d+(:\d+)?$/, 'must be a numeric uid or uid:gid')
    .default('1000:1000')
    .describe('Numeric uid or uid:gid the sidecar runs as (default 1000:1000)'),
  readonlyRootFilesystem: z
    .boolean()
    .default(true)
    .describe("The sidecar's root filesystem is read-only (default true)"),
  logging: z
    .enum(['awslogs', 'none'])
    .default('awslogs')
    .describe("awslogs: into the service's log group under the sidecar's name; none: no logs (default awslogs)"),
});

/** A task that must succeed before a service's new version takes traffic (a database migration). */
export const releaseTaskSchema = z.strictObject({
  command: z.string().min(1).describe('Split like a shell would, without expansion, e.g. "bin/rails db:migrate"'),
  container: serviceName().optional().describe('Container the command runs in (default the app container)'),
  timeoutMinutes: z
    .int()
    .min(1)
    .max(480)
    .default(15)
    .describe('Time the release task may run; when it is over the release fails (default 15)'),
});

/** Settings every kind of service has. */
const commonFields = {
  name: serviceName().describe('Goes into physical names: <application>-<environment>-<name>'),
  containerName: serviceName()
    .default('app')
    .describe('Name of the app container in the task definition (default app)'),
  cpu: cpu(),
  memory: z
    .int()
    .min(512)
    .max(122_880)
    .default(512)
    .describe('Task memory in MiB; must be valid for the cpu (Fargate table) (default 512)'),
  desiredCount: z
    .int()
    .min(1)
    .max(1000)
    .default(2)
    .describe('Tasks the service starts with, raised to its scaling minTasks when lower (default 2)'),
  environment: environmentVariables(),
  secrets: secretsSchema()
    .default({})
    .describe('Secrets injected as environment variables, by variable name (default none)'),
  command: z.array(z.string()).optional().describe('Overrides the image CMD'),
  entryPoint: z.array(z.string()).optional().describe('Overrides the image ENTRYPOINT'),
  dockerfile: z.string().min(1).optional().describe('The Dockerfile, relative to buildContext (default Dockerfile)'),
  buildContext: z
    .string()
    .min(1)
    .optional()
    .describe('Directory the image is built from; required unless imageFrom names the service whose image this runs'),
  imageFrom: serviceName()
    .optional()
    .describe(
      "Runs another service's image (web, worker and beat from one Dockerfile): built, scanned and stored once, " +
        'the same digest for every service that names it',
    ),
  permissions: taskRolePermissionsSchema,
  user: z
    .string()
    .regex(/^\d+(:\d+)?$/, 'must be a numeric uid or uid:gid')
    .default('1000:1000')
    .describe('Numeric uid or uid:gid the app container runs as (default 1000:1000)'),
  readonlyRootFilesystem: z
    .boolean()
    .default(true)
    .describe(
      "The app container's root filesystem is read-only; writablePaths lists where it may write (default true)",
    ),
  writablePaths: z
    .array(z.string().regex(/^\/[^\s]*[^\s/]$/, 'must be an absolute directory path such as /app/tmp'))
    .default([])
    .refine((paths) => new Set(paths).size === paths.length, 'lists a path twice')
    .describe(
      'Directories the app container may write (each an ephemeral task volume, gone with the task); the root ' +
        'filesystem stays read-only. Data that must last belongs in the database or object storage (default none)',
    ),
  sidecars: z
    .array(sidecarSchema)
    .default([])
    .describe('Containers beside the app container in the task: a proxy, a log router, a collector (default none)'),
  uses: z
    .array(serviceName())
    .default([])
    .describe(
      'Other services (their address as <NAME>_URL), the database or cache, and buckets (their name as ' +
        '<NAME>_BUCKET) (default none)',
    ),
  storage: serviceStorageSchema
    .optional()
    .describe('EFS volumes that outlive the task (uploads): encrypted, mounted over TLS with IAM authorization'),
  release: releaseTaskSchema
    .optional()
    .describe('A task (a migration) that must succeed on the new revision before it takes traffic'),
  taskDefinitionOverrides: taskDefinitionOverridesSchema,
};

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
export type SidecarConfig = z.output<typeof sidecarSchema>;
export type ReleaseTaskConfig = z.output<typeof releaseTaskSchema>;

/** A service as the rest of the app sees it, whichever form the configuration used. */
export type WebService = Omit<
  WebServiceInput,
  'minHealthyPercent' | 'maxHealthyPercent' | 'singleton' | 'buildContext' | 'dockerfile'
> & {
  /** Where the image is built from; for a service with imageFrom, the named service's. */
  readonly buildContext: string;
  readonly dockerfile: string;
  /** True for the single `service:` form: its resources keep their names without the service's name. */
  readonly legacyNames: boolean;
};
export type WorkerService = Omit<
  WorkerServiceInput,
  | 'loadBalancer'
  | 'port'
  | 'healthCheckPath'
  | 'public'
  | 'checks'
  | 'desiredCount'
  | 'minHealthyPercent'
  | 'maxHealthyPercent'
  | 'buildContext'
  | 'dockerfile'
> & {
  readonly desiredCount: number;
  readonly dockerfile: string;
  readonly minHealthyPercent: number;
  readonly maxHealthyPercent: number;
  readonly buildContext: string;
  readonly legacyNames: false;
};
export type ServiceConfig = WebService | WorkerService;

/** The name the single `service:` form gets (its image repository has always been `<application>/service`). */
export const LEGACY_SERVICE_NAME = 'service';

export function fromLegacyService(service: LegacyServiceInput): WebService {
  return {
    ...service,
    name: LEGACY_SERVICE_NAME,
    kind: 'web',
    loadBalancer: 'alb',
    public: true,
    sidecars: [],
    uses: [],
    writablePaths: [],
    legacyNames: true,
  };
}

/**
 * A listed service as the rest of the app sees it. `services` are all listed services: a service with imageFrom
 * builds nothing itself, so it carries the build of the service it names (validation checked that one exists).
 */
export function fromServiceInput(
  service: z.output<typeof applicationServiceSchema>,
  services: readonly z.output<typeof applicationServiceSchema>[],
): ServiceConfig {
  const builder = service.imageFrom ? services.find((s) => s.name === service.imageFrom) : service;
  const build = { dockerfile: builder?.dockerfile ?? 'Dockerfile', buildContext: builder?.buildContext ?? '.' };
  if (service.kind === 'web') {
    const { minHealthyPercent, maxHealthyPercent, singleton, ...web } = service;
    return { ...web, ...build, legacyNames: false };
  }
  const {
    loadBalancer: _lb,
    port: _port,
    healthCheckPath: _path,
    public: _public,
    checks: _checks,
    ...worker
  } = service;
  const one = worker.singleton;
  return {
    ...worker,
    ...build,
    desiredCount: one ? 1 : (worker.desiredCount ?? 2),
    minHealthyPercent: one ? 0 : (worker.minHealthyPercent ?? 100),
    maxHealthyPercent: one ? 100 : (worker.maxHealthyPercent ?? 200),
    legacyNames: false,
  };
}

export function isWebService(service: ServiceConfig): service is WebService {
  return service.kind === 'web';
}
