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
  z.record(z.string().regex(ENV_VAR, ENV_VAR_NAME_MESSAGE), z.string()).default({});

export const FARGATE_CPU = [256, 512, 1024, 2048, 4096, 8192, 16384] as const;

const cpu = () =>
  z
    .union(FARGATE_CPU.map((c) => z.literal(c)) as unknown as [z.ZodLiteral<256>, ...z.ZodLiteral<number>[]])
    .default(256);

/** A container beside the app container: a proxy, a log router, a collector. Render leaves it untouched. */
export const sidecarSchema = z.strictObject({
  name: serviceName(),
  image: z
    .string()
    .min(1)
    .describe('Image reference, e.g. public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0'),
  essential: z.boolean().default(false),
  cpu: z.int().min(0).max(16384).optional(),
  memory: z.int().min(6).max(122_880).optional().describe('Hard limit in MiB'),
  dependsOn: z
    .array(
      z.strictObject({
        container: serviceName(),
        condition: z.enum(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY']).default('START'),
      }),
    )
    .default([])
    .describe('Containers this one waits for'),
  portMappings: z
    .array(z.strictObject({ containerPort: port(), protocol: z.enum(['tcp', 'udp']).default('tcp') }))
    .default([]),
  environment: environmentVariables(),
  command: z.array(z.string()).optional(),
  user: z
    .string()
    .regex(/^\d+(:\d+)?$/, 'must be a numeric uid or uid:gid')
    .default('1000:1000'),
  readonlyRootFilesystem: z.boolean().default(true),
  logging: z
    .enum(['awslogs', 'none'])
    .default('awslogs')
    .describe("awslogs: into the service's log group under the sidecar's name"),
});

/** A task that must succeed before a service's new version takes traffic (a database migration). */
export const releaseTaskSchema = z.strictObject({
  command: z.string().min(1).describe('Split like a shell would, without expansion, e.g. "bin/rails db:migrate"'),
  container: serviceName().optional().describe('@default - the app container'),
  timeoutMinutes: z.int().min(1).max(480).default(15),
});

/** Settings every kind of service has. */
const commonFields = {
  name: serviceName().describe('Goes into physical names: <application>-<environment>-<name>'),
  containerName: serviceName().default('app'),
  cpu: cpu(),
  memory: z.int().min(512).max(122_880).default(512).describe('MiB; must be valid for the cpu (Fargate table)'),
  desiredCount: z.int().min(1).max(1000).default(2),
  environment: environmentVariables(),
  secrets: secretsSchema().default({}),
  command: z.array(z.string()).optional().describe('Overrides the image CMD'),
  entryPoint: z.array(z.string()).optional().describe('Overrides the image ENTRYPOINT'),
  dockerfile: z.string().min(1).optional().describe('Relative to buildContext. @default Dockerfile'),
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
    .default('1000:1000'),
  readonlyRootFilesystem: z.boolean().default(true),
  writablePaths: z
    .array(z.string().regex(/^\/[^\s]*[^\s/]$/, 'must be an absolute directory path such as /app/tmp'))
    .default([])
    .refine((paths) => new Set(paths).size === paths.length, 'lists a path twice')
    .describe(
      'Directories the app container may write (each an ephemeral task volume, gone with the task); the root ' +
        'filesystem stays read-only. Data that must last belongs in the database or object storage',
    ),
  sidecars: z.array(sidecarSchema).default([]),
  uses: z
    .array(serviceName())
    .default([])
    .describe(
      'Other services (their address as <NAME>_URL), the database or cache, and buckets (their name as <NAME>_BUCKET)',
    ),
  storage: serviceStorageSchema
    .optional()
    .describe('EFS volumes that outlive the task (uploads): encrypted, mounted over TLS with IAM authorization'),
  release: releaseTaskSchema.optional(),
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
  kind: z.literal('web'),
  loadBalancer: z.enum(['alb', 'nlb']).default('alb'),
  public: z.boolean().default(true).describe('Internet-facing load balancer; false: internal to the VPC'),
  port: port(),
  healthCheckPath: urlPath
    .optional()
    .describe('Target-group health check; required behind an ALB, a TCP check behind an NLB without it'),
  checks: z.array(checkSchema).min(1).optional().describe('@default - the top-level checks'),
  minHealthyPercent: refused('a web service is deployed blue/green by CodeDeploy; only a worker rolls'),
  maxHealthyPercent: refused('a web service is deployed blue/green by CodeDeploy; only a worker rolls'),
  singleton: refused(
    'a web service is deployed blue/green by CodeDeploy, which starts green beside blue, so two tasks always run ' +
      'during a deployment; make the single instance a kind: worker (rolled out by ECS, old task stopped first)',
  ),
});

const NO_LOAD_BALANCER = 'a worker has no load balancer (CodeDeploy cannot deploy it); make it kind: web to serve';

export const workerServiceSchema = z.strictObject({
  ...commonFields,
  kind: z.literal('worker'),
  singleton: z
    .boolean()
    .default(false)
    .describe(
      'Exactly one task (a scheduler such as Celery beat): no scaling, and a rollout stops the old task before the ' +
        'new one starts (minHealthyPercent 0, maxHealthyPercent 100)',
    ),
  desiredCount: z.int().min(1).max(1000).optional().describe('@default 2 (1 for a singleton)'),
  minHealthyPercent: z.int().min(0).max(100).optional().describe('@default 100 (0 for a singleton)'),
  maxHealthyPercent: z.int().min(100).max(200).optional().describe('@default 200 (100 for a singleton)'),
  queueScaling: z
    .strictObject({
      namespace: z.string().min(1),
      metricName: z.string().min(1),
      dimensions: z.record(z.string(), z.string()).default({}),
      statistic: z.enum(['Average', 'Maximum', 'Sum']).default('Average'),
      targetValue: z.number().positive().describe('Backlog per task the scaling keeps'),
    })
    .optional()
    .describe('Scale on a custom metric such as queue depth, besides CPU'),
  loadBalancer: refused(NO_LOAD_BALANCER),
  port: refused(NO_LOAD_BALANCER),
  healthCheckPath: refused(NO_LOAD_BALANCER),
  public: refused(NO_LOAD_BALANCER),
  checks: refused('a worker has no listener to check; its rollout is watched by its deployment alarms'),
  release: refused(
    'a worker is rolled out by CloudFormation, so nothing runs between registering its task definition and its ' +
      'rollout; give the release task to the web service that uses the schema',
  ),
});

export const applicationServiceSchema = z.discriminatedUnion('kind', [webServiceSchema, workerServiceSchema]);

/** The older single-service form: one web service behind an ALB. */
export const legacyServiceSchema = z.strictObject({
  containerName: serviceName().default('app'),
  port: port(),
  healthCheckPath: urlPath.default('/health'),
  cpu: cpu(),
  memory: commonFields.memory,
  desiredCount: commonFields.desiredCount,
  environment: environmentVariables(),
  secrets: commonFields.secrets,
  dockerfile: z.string().min(1).default('Dockerfile'),
  buildContext: z.string().min(1).default('service'),
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
