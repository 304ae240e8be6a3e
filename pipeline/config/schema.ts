import { z } from 'zod';

/**
 * The one definition of `pipeline.config.yaml`. Types, validation, defaults and the committed
 * JSON Schema (`pipeline.config.schema.json`) all come from here.
 */

const NAME = /^[a-z][a-z0-9-]{0,23}$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const CVE_ID = /^(CVE-\d{4}-\d{4,}|GHSA-[a-z0-9-]+|[A-Z]+-[A-Za-z0-9-]+)$/;
const ENV_VAR = /^[A-Za-z_][A-Za-z0-9_]*$/;
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** An IPv4 CIDR of prefix length 8 to 32. */
const OPERATOR_CIDR = new RegExp(`^${OCTET}(\\.${OCTET}){3}\\/([89]|[12]\\d|3[0-2])$`);

const name = () =>
  z.string().regex(NAME, "must be 1-24 characters: lower-case letters, digits and '-', starting with a letter");

const arn = (service: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `must be an ARN of ${service} (arn:aws:${service}:…)`);

const urlPath = z.string().regex(/^\/[^\s]*$/, "must be a URL path starting with '/'");

const ENV_VAR_NAME_MESSAGE = 'variable names must match [A-Za-z_][A-Za-z0-9_]*';

export const LIFECYCLE_EVENTS = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
] as const;

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const;

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

/** One HTTP check the lifecycle hook (and `bluegreen check`) runs against the green task set. */
export const checkSchema = z.strictObject({
  path: urlPath.describe('Path requested on the test listener, e.g. /health'),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']).default('GET'),
  expectStatus: z.int().min(100).max(599).optional().describe('Exact status expected; when absent any 2xx passes'),
  bodyContains: z.string().min(1).optional().describe('Substring the response body must contain'),
  jsonField: z
    .strictObject({
      path: z
        .string()
        .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'must be a dotted path such as status or build.commit'),
      equals: z.union([z.string(), z.number(), z.boolean(), z.null()]),
    })
    .optional()
    .describe('A JSON field of the body that must equal a value'),
  latencyBudgetMs: z.int().min(1).max(60_000).optional().describe('Slowest acceptable response'),
  timeoutMs: z.int().min(100).max(60_000).default(5_000).describe('Time limit of one attempt'),
  attempts: z.int().min(1).max(10).default(3).describe('Attempts before the check fails'),
  backoffMs: z.int().min(0).max(30_000).default(1_000).describe('Wait before the first retry; doubles each time'),
});

const deploymentSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('allAtOnce') }),
    z.strictObject({
      type: z.literal('canary'),
      percentage: z.int().min(1).max(99).default(10),
      intervalMinutes: z.int().min(1).max(2880).default(5),
    }),
    z.strictObject({
      type: z.literal('linear'),
      percentage: z.int().min(1).max(99).default(10),
      intervalMinutes: z.int().min(1).max(2880).default(1),
    }),
  ])
  .default({ type: 'allAtOnce' });

const alarmsSchema = z
  .strictObject({
    target5xxCount: z.int().min(1).default(5).describe('5xx answers from targets per period that trigger rollback'),
    p99LatencyMs: z
      .int()
      .min(1)
      .max(120_000)
      .default(1_000)
      .describe('p99 target response time that triggers rollback'),
    unhealthyHosts: z.int().min(1).default(1).describe('Unhealthy targets that trigger rollback'),
    periodSeconds: z.union([z.literal(10), z.literal(30), z.literal(60), z.literal(300)]).default(60),
    evaluationPeriods: z.int().min(1).max(10).default(2),
  })
  .prefault({});

const scalingSchema = z
  .strictObject({
    minTasks: z.int().min(1).max(1000).default(2),
    maxTasks: z.int().min(1).max(1000).default(8),
    cpuTargetPercent: z.int().min(10).max(90).default(50),
    requestsPerTarget: z.int().min(1).max(100_000).default(500).describe('ALB requests per target per minute'),
  })
  .prefault({})
  .refine((s) => s.maxTasks >= s.minTasks, { message: 'maxTasks must be at least minTasks', path: ['maxTasks'] });

const deploymentWindowSchema = z.strictObject({
  days: z.array(z.enum(WEEKDAYS)).min(1).describe('Days (UTC) on which the stage may deploy'),
  startHour: z.int().min(0).max(23).describe('First hour (UTC) of the window'),
  endHour: z.int().min(1).max(24).describe('Hour (UTC) at which the window closes'),
  outside: z
    .enum(['fail', 'skip'])
    .default('fail')
    .describe('Entry-condition result outside the window: fail the stage, or skip it'),
});

export const environmentSchema = z.strictObject({
  name: name(),
  account: z.string().regex(ACCOUNT, 'must be a 12-digit AWS account id (quote it in YAML)'),
  region: z.string().regex(REGION, 'must be an AWS region such as eu-west-1'),
  availabilityZones: z
    .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'must be an availability zone such as eu-west-1a'))
    .min(2, 'needs at least 2 availability zones')
    .max(6),
  vpcCidr: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-4])$/, 'must be an IPv4 CIDR from /16 to /24')
    .default('10.0.0.0/16'),
  natGateways: z.int().min(1).max(6).optional().describe('@default one per availability zone'),
  certificateArn: arn('acm').optional().describe('Serves HTTPS on the production listener and redirects HTTP'),
  testListenerPort: z.int().min(1).max(65535).default(8443),
  operatorCidrs: z
    .array(
      // The test listener serves green before any user does, so it is never public: a /0 or any range
      // wider than a /8 (the largest block ever allocated to one organisation) is refused.
      z
        .string()
        .regex(
          OPERATOR_CIDR,
          'must be an IPv4 CIDR from /8 to /32, e.g. 203.0.113.0/24; the test listener serves unreleased code, ' +
            'so 0.0.0.0/0 and ranges wider than /8 are refused',
        ),
    )
    .default([])
    .describe('Extra sources allowed to reach the test listener (the hook always can); IPv4 CIDRs from /8 to /32'),
  deployment: deploymentSchema,
  terminationWaitMinutes: z.int().min(0).max(2880).default(5),
  alarms: alarmsSchema,
  scaling: scalingSchema,
  approval: z.boolean().default(false).describe('A person approves in the console before this environment deploys'),
  deploymentWindow: deploymentWindowSchema.optional(),
});

const secretSchema = z.union([
  z.strictObject({ secretsManagerArn: arn('secretsmanager'), field: z.string().min(1).optional() }),
  z.strictObject({ ssmParameter: z.string().regex(/^\/?[A-Za-z0-9_.\-/]+$/, 'must be an SSM parameter name') }),
]);

const serviceSchema = z.strictObject({
  containerName: name().default('app'),
  port: z.int().min(1).max(65535),
  healthCheckPath: urlPath.default('/health'),
  cpu: z
    .union([
      z.literal(256),
      z.literal(512),
      z.literal(1024),
      z.literal(2048),
      z.literal(4096),
      z.literal(8192),
      z.literal(16384),
    ])
    .default(256),
  memory: z.int().min(512).max(122_880).default(512).describe('MiB; must be valid for the cpu (Fargate table)'),
  desiredCount: z.int().min(1).max(1000).default(2),
  environment: z.record(z.string().regex(ENV_VAR, ENV_VAR_NAME_MESSAGE), z.string()).default({}),
  secrets: z.record(z.string().regex(ENV_VAR, ENV_VAR_NAME_MESSAGE), secretSchema).default({}),
  dockerfile: z.string().min(1).default('Dockerfile'),
  buildContext: z.string().min(1).default('service'),
  user: z
    .string()
    .regex(/^\d+(:\d+)?$/, 'must be a numeric uid or uid:gid')
    .default('1000:1000'),
  readonlyRootFilesystem: z.boolean().default(true),
});

const scanSchema = z
  .strictObject({
    failOn: z.array(z.enum(SEVERITIES)).min(1).default(['CRITICAL', 'HIGH']),
    onlyFixable: z.boolean().default(false).describe('Only findings with a fix available block (enhanced scanning)'),
    timeoutSeconds: z.int().min(10).max(3600).default(900),
    allowlist: z
      .array(
        z.strictObject({
          id: z.string().regex(CVE_ID, 'must be a vulnerability id such as CVE-2024-12345'),
          reason: z.string().min(10, 'needs a reason of at least 10 characters'),
          expires: z.iso.date('must be a date YYYY-MM-DD'),
        }),
      )
      .default([]),
  })
  .prefault({});

const notificationsSchema = z
  .strictObject({
    emails: z.array(z.email('must be an e-mail address')).default([]),
    chatbotSlackChannelArn: arn('chatbot').optional().describe('AWS Chatbot Slack channel configuration'),
  })
  .prefault({});

const sourceSchema = z.strictObject({
  connectionArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/,
      'must be a CodeConnections connection ARN (arn:aws:codeconnections:REGION:ACCOUNT:connection/ID)',
    ),
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/repository'),
  branch: z.string().min(1).default('main'),
  triggerPaths: z
    .array(z.string().min(1))
    .min(1)
    .default(['**'])
    .describe('Glob patterns; a push that touches none is ignored'),
});

export const configSchema = z
  .strictObject({
    application: name(),
    pipeline: z.strictObject({
      account: z.string().regex(ACCOUNT, 'must be a 12-digit AWS account id (quote it in YAML)'),
      region: z.string().regex(REGION, 'must be an AWS region such as eu-west-1'),
    }),
    source: sourceSchema,
    service: serviceSchema,
    hooks: z
      .array(z.enum(LIFECYCLE_EVENTS))
      .min(1)
      .default(['AfterAllowTestTraffic'])
      .refine((h) => new Set(h).size === h.length, 'lists a lifecycle event twice')
      .refine(
        (h) => !h.includes('BeforeInstall'),
        'BeforeInstall cannot roll back a deployment; use AfterInstall or later',
      )
      .describe('Lifecycle events that run the checks'),
    checks: z
      .array(checkSchema)
      .min(1)
      .prefault([{ path: '/health' }]),
    scan: scanSchema,
    notifications: notificationsSchema,
    environments: z
      .array(environmentSchema)
      .min(1, 'needs at least one environment')
      .refine((envs) => new Set(envs.map((e) => e.name)).size === envs.length, 'environment names must be unique'),
  })
  .superRefine((config, ctx) => {
    const fargateMemory = FARGATE_MEMORY[config.service.cpu];
    if (fargateMemory && !fargateMemory(config.service.memory)) {
      ctx.addIssue({
        code: 'custom',
        path: ['service', 'memory'],
        input: config.service.memory,
        message: `is not valid with cpu ${config.service.cpu} on Fargate (allowed: ${FARGATE_MEMORY_TEXT[config.service.cpu]})`,
      });
    }
  });

const range = (lo: number, hi: number, step: number) => (m: number) => m >= lo && m <= hi && (m - lo) % step === 0;

const FARGATE_MEMORY: Record<number, (m: number) => boolean> = {
  256: (m) => [512, 1024, 2048].includes(m),
  512: range(1024, 4096, 1024),
  1024: range(2048, 8192, 1024),
  2048: range(4096, 16384, 1024),
  4096: range(8192, 30720, 1024),
  8192: range(16384, 61440, 4096),
  16384: range(32768, 122880, 8192),
};

const FARGATE_MEMORY_TEXT: Record<number, string> = {
  256: '512, 1024, 2048',
  512: '1024-4096 in steps of 1024',
  1024: '2048-8192 in steps of 1024',
  2048: '4096-16384 in steps of 1024',
  4096: '8192-30720 in steps of 1024',
  8192: '16384-61440 in steps of 4096',
  16384: '32768-122880 in steps of 8192',
};

export type PipelineConfig = z.output<typeof configSchema>;
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type ServiceConfig = PipelineConfig['service'];
export type CheckConfig = z.output<typeof checkSchema>;
export type ScanConfig = PipelineConfig['scan'];
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type DeploymentStrategy = EnvironmentConfig['deployment'];
