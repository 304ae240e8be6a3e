import { z } from 'zod';
import { backupOverrideSchema, backupSchema, refineBackups } from './backup-schema';
import { cacheOverrideSchema, cacheSchema, refineCache } from './cache-schema';
import { buildSchema } from './build-schema';
import { checkSchema } from './check-schema';
import { refineDatabase } from './database-refine';
import { databaseOverrideSchema, databaseSchema } from './database-schema';
import { refineNlbDeployment } from './deployment-refine';
import { refineSharedPublicUrl } from './public-url-refine';
import { refineProtectedEnvironments } from './protected-refine';
import { refineRoleNames } from './role-name-refine';
import { domainSchema } from './domain-schema';
import { existingVpcSchema, refineNetwork } from './network-schema';
import { refineVpcUses } from './network-refine';
import { refineDomainAccounts } from './domain-accounts-refine';
import { refineServiceGraph } from './service-graph-refine';
import { containerIndexOf } from './task-definition-overrides';
import { refineDomain, refineFrontend } from './frontend-refine';
import { frontendSchema } from './frontend-schema';
import { jobSchema, refineJobs } from './job-schema';
import { bucketSchema, refineStorage } from './storage-schema';
import {
  applicationServiceSchema,
  environmentVariables,
  fromLegacyService,
  fromServiceInput,
  legacyServiceSchema,
  serviceName,
  type ServiceConfig,
} from './service-schema';
import { secretsSchema } from './secret-schema';
import { refineServiceValues } from './service-values-refine';

export { checkSchema } from './check-schema';

/**
 * The one definition of `pipeline.config.yaml`. Types, validation, defaults and the committed
 * JSON Schema (`pipeline.config.schema.json`) all come from here.
 */

const NAME = /^[a-z][a-z0-9-]{0,23}$/;
const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const CVE_ID = /^(CVE-\d{4}-\d{4,}|GHSA-[a-z0-9-]+|[A-Z]+-[A-Za-z0-9-]+)$/;
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** An IPv4 CIDR of prefix length 8 to 32. */
const OPERATOR_CIDR = new RegExp(`^${OCTET}(\\.${OCTET}){3}\\/([89]|[12]\\d|3[0-2])$`);

const name = () =>
  z.string().regex(NAME, "must be 1-24 characters: lower-case letters, digits and '-', starting with a letter");

const arn = (service: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), `must be an ARN of ${service} (arn:aws:${service}:…)`);

export const LIFECYCLE_EVENTS = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
] as const;

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const;

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

const deploymentSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('allAtOnce').describe('allAtOnce: all traffic shifts to green at once') }),
    z.strictObject({
      type: z.literal('canary').describe('canary: a share of the traffic shifts first, the rest after an interval'),
      percentage: z.int().min(1).max(99).default(10).describe('Percent of the traffic shifted first (default 10)'),
      intervalMinutes: z
        .int()
        .min(1)
        .max(2880)
        .default(5)
        .describe('Minutes before the rest of the traffic shifts (default 5)'),
    }),
    z.strictObject({
      type: z.literal('linear').describe('linear: the traffic shifts in equal steps at equal intervals'),
      percentage: z
        .int()
        .min(1)
        .max(99)
        .default(10)
        .describe('Percent of the traffic shifted at each step (default 10)'),
      intervalMinutes: z.int().min(1).max(2880).default(1).describe('Minutes between two steps (default 1)'),
    }),
  ])
  .default({ type: 'allAtOnce' })
  .describe('How CodeDeploy shifts traffic from blue to green: allAtOnce, canary or linear (default allAtOnce)');

const alarmsSchema = z
  .strictObject({
    target5xxCount: z
      .int()
      .min(1)
      .default(5)
      .describe('5xx answers from targets per period that trigger rollback (default 5)'),
    p99LatencyMs: z
      .int()
      .min(1)
      .max(120_000)
      .default(1_000)
      .describe('p99 target response time in ms that triggers rollback (default 1000)'),
    unhealthyHosts: z.int().min(1).default(1).describe('Unhealthy targets that trigger rollback (default 1)'),
    periodSeconds: z
      .union([z.literal(10), z.literal(30), z.literal(60), z.literal(300)])
      .default(60)
      .describe('Period of the rollback alarms, in seconds: 10, 30, 60 or 300 (default 60)'),
    evaluationPeriods: z
      .int()
      .min(1)
      .max(10)
      .default(2)
      .describe('Consecutive periods over a threshold before an alarm rolls the deployment back (default 2)'),
  })
  .prefault({})
  .describe("Thresholds of the alarms that roll a deployment back (default each threshold's default)");

const scalingSchema = z
  .strictObject({
    minTasks: z.int().min(1).max(1000).default(2).describe('Fewest tasks autoscaling keeps per service (default 2)'),
    maxTasks: z.int().min(1).max(1000).default(8).describe('Most tasks autoscaling starts per service (default 8)'),
    cpuTargetPercent: z
      .int()
      .min(10)
      .max(90)
      .default(50)
      .describe('Average CPU utilization autoscaling keeps (default 50)'),
    requestsPerTarget: z
      .int()
      .min(1)
      .max(100_000)
      .default(500)
      .describe('ALB requests per target per minute autoscaling keeps (default 500)'),
  })
  .prefault({})
  .refine((s) => s.maxTasks >= s.minTasks, { message: 'maxTasks must be at least minTasks', path: ['maxTasks'] })
  .describe("Autoscaling of every service in this environment (default each field's default)");

/** A service's scaling in one environment; what it leaves out comes from the environment's `scaling`. */
const scalingOverrideSchema = z.strictObject({
  minTasks: z.int().min(1).max(1000).optional().describe("Fewest tasks of the service; the environment's when absent"),
  maxTasks: z.int().min(1).max(1000).optional().describe("Most tasks of the service; the environment's when absent"),
  cpuTargetPercent: z
    .int()
    .min(10)
    .max(90)
    .optional()
    .describe("Average CPU utilization autoscaling keeps; the environment's when absent"),
  requestsPerTarget: z
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .describe('ALB requests per target per minute (an ALB metric: refused for NLB services and workers)'),
});

const deploymentWindowSchema = z.strictObject({
  days: z.array(z.enum(WEEKDAYS)).min(1).describe('Days (UTC) on which the stage may deploy'),
  startHour: z.int().min(0).max(23).describe('First hour (UTC) of the window'),
  endHour: z.int().min(1).max(24).describe('Hour (UTC) at which the window closes'),
  outside: z
    .enum(['fail'])
    .default('fail')
    .describe(
      'Outside the window the stage fails (retry it once the window opens). CodePipeline allows SKIP on an entry ' +
        'condition only with LambdaInvoke or VariableCheck rules, not with DeploymentWindow (default fail)',
    ),
});

export const environmentSchema = z
  .strictObject({
    name: name().describe('Name of the environment, each once; it goes into physical names'),
    account: z
      .string()
      .regex(ACCOUNT, 'must be a 12-digit AWS account id (quote it in YAML)')
      .describe('The AWS account the environment deploys to'),
    region: z
      .string()
      .regex(REGION, 'must be an AWS region such as eu-west-1')
      .describe('The AWS region the environment deploys to'),
    availabilityZones: z
      .array(z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'must be an availability zone such as eu-west-1a'))
      .min(2, 'needs at least 2 availability zones')
      .max(6)
      .describe("Availability zones of the environment's region the network spans, 2 to 6 (configured, no lookups)"),
    vpcCidr: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,3}){3}\/(1[6-9]|2[0-4])$/, 'must be an IPv4 CIDR from /16 to /24')
      .default('10.0.0.0/16')
      .describe('IPv4 CIDR of the new VPC, from /16 to /24 (default 10.0.0.0/16)'),
    natGateways: z
      .int()
      .min(1)
      .max(6)
      .optional()
      .describe('NAT gateways of the new VPC (default one per availability zone)'),
    vpc: existingVpcSchema
      .optional()
      .describe('An existing VPC, imported by id with its subnets per role (default a new VPC of vpcCidr)'),
    certificateArn: arn('acm').optional().describe('Serves HTTPS on the production listener and redirects HTTP'),
    domainName: z
      .string()
      .regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a DNS name such as app.example.com')
      .optional()
      .describe('The host name the certificate covers; the production URL uses it'),
    testListenerPort: z
      .int()
      .min(1)
      .max(65535)
      .default(8443)
      .describe('Port of the test listener, which serves green before the traffic shifts (default 8443)'),
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
      .describe(
        'Extra sources allowed to reach the test listener (the hook always can); IPv4 CIDRs from /8 to /32 ' +
          '(default none)',
      ),
    deployment: deploymentSchema,
    terminationWaitMinutes: z
      .int()
      .min(0)
      .max(2880)
      .default(5)
      .describe(
        'Minutes the blue task set keeps running after the traffic shift before CodeDeploy stops it (default 5)',
      ),
    alarms: alarmsSchema,
    scaling: scalingSchema,
    approval: z
      .boolean()
      .default(false)
      .describe('A person approves in the console before this environment deploys (default false)'),
    exec: z
      .boolean()
      .default(false)
      .describe(
        'ECS Exec into running tasks (`bluegreen exec`), with sessions logged, encrypted, to CloudWatch Logs. ' +
          'CloudFormation cannot switch it on an existing web service (CODE_DEPLOY): choose it when the environment ' +
          'is created (default false)',
      ),
    deploymentWindow: deploymentWindowSchema
      .optional()
      .describe('Days and hours (UTC) in which this environment may deploy; any time when absent'),
    backup: backupOverrideSchema.optional().describe('Overrides the top-level backup block for this environment'),
    database: databaseOverrideSchema.optional().describe('Overrides the top-level database in this environment'),
    cache: cacheOverrideSchema.optional().describe('Overrides the top-level cache in this environment'),
    domain: domainSchema
      .optional()
      .describe(
        'Route 53 zone and names: HTTPS for the web service (instead of certificateArn/domainName) and the frontend',
      ),
    services: z
      .record(
        serviceName(),
        z.strictObject({
          desiredCount: z
            .int()
            .min(1)
            .max(1000)
            .optional()
            .describe("The service's desiredCount in this environment; the service's own when absent"),
          scaling: scalingOverrideSchema
            .optional()
            .describe("The service's scaling in this environment, field by field over the environment's scaling"),
          environment: environmentVariables().describe(
            "Variables of the service in this environment, over the service's own (default none)",
          ),
          secrets: secretsSchema()
            .default({})
            .describe(
              "Secrets of the service in this environment (each in this environment's account), over its own " +
                '(default none)',
            ),
        }),
      )
      .default({})
      .describe(
        "Per-service settings in this environment, by service name (override the environment's scaling and the " +
          "service's variables and secrets) (default none)",
      ),
  })
  .superRefine((environment, ctx) => {
    refineDomain(environment, ctx);
    refineNetwork(environment, (path, message, input) => ctx.addIssue({ code: 'custom', path, input, message }));
    if (environment.certificateArn && !environment.domainName && !environment.domain) {
      ctx.addIssue({
        code: 'custom',
        path: ['domainName'],
        input: undefined,
        message:
          "is required with certificateArn: the certificate covers this name, not the load balancer's generated one, " +
          'so clients and the integration tests must use it',
      });
    }
    if (environment.approval && !environment.certificateArn && !environment.domain) {
      ctx.addIssue({
        code: 'custom',
        path: ['certificateArn'],
        input: undefined,
        message:
          'is required where approval is true (or a domain block): a production listener people approve for must serve HTTPS',
      });
    }
  });

const scanSchema = z
  .strictObject({
    failOn: z
      .array(z.enum(SEVERITIES))
      .min(1)
      .default(['CRITICAL', 'HIGH'])
      .describe('Severities of the findings that fail the scan gate (default CRITICAL, HIGH)'),
    onlyFixable: z
      .boolean()
      .default(false)
      .describe('Only findings with a fix available block (enhanced scanning) (default false)'),
    timeoutSeconds: z
      .int()
      .min(10)
      .max(3600)
      .default(900)
      .describe('Seconds the scan gate waits for the scan to finish (default 900)'),
    allowlist: z
      .array(
        z.strictObject({
          id: z
            .string()
            .regex(CVE_ID, 'must be a vulnerability id such as CVE-2024-12345')
            .describe('The finding accepted, e.g. CVE-2024-12345'),
          reason: z
            .string()
            .min(10, 'needs a reason of at least 10 characters')
            .describe('Why the finding is accepted, at least 10 characters'),
          expires: z.iso.date('must be a date YYYY-MM-DD').describe('Date (YYYY-MM-DD) the acceptance ends'),
        }),
      )
      .default([])
      .describe('Findings that do not fail the gate, each with a reason and an end date (default none)'),
  })
  .prefault({})
  .describe("The gate on the image's vulnerability scan (default each field's default)");

const notificationsSchema = z
  .strictObject({
    emails: z
      .array(z.email('must be an e-mail address'))
      .default([])
      .describe('E-mail addresses subscribed to the pipeline, deployment and alarm topics (default none)'),
    chatbotSlackChannelArn: arn('chatbot').optional().describe('AWS Chatbot Slack channel configuration'),
  })
  .prefault({})
  .describe('Subscribers of the pipeline, deployment and alarm topics (default none)');

const SSM_PARAMETER_NAME = /^\/[A-Za-z0-9_.\-/]{1,2047}$/;

const guardrailsSchema = z.strictObject({
  parameterName: z
    .string()
    .regex(SSM_PARAMETER_NAME, "must be an SSM parameter name starting with '/', e.g. /bluegreen/shop/guardrails")
    .optional()
    .describe('SSM parameter (tools account) holding the gate minimums (default /bluegreen/<application>/guardrails)'),
});

const sourceSchema = z.strictObject({
  connectionArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:(codestar-connections|codeconnections):[a-z0-9-]+:\d{12}:connection\/[A-Za-z0-9-]+$/,
      'must be a CodeConnections connection ARN (arn:aws:codeconnections:REGION:ACCOUNT:connection/ID)',
    )
    .describe('The CodeConnections connection the pipeline reads the repository through'),
  repository: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/repository')
    .describe('The repository, as owner/repository'),
  branch: z.string().min(1).default('main').describe('The branch that deploys (default main)'),
  triggerPaths: z
    .array(z.string().min(1))
    .min(1)
    .max(8, 'holds at most 8 patterns (a CodePipeline push filter takes 8)')
    .optional()
    .describe(
      'Glob patterns; when set, a push that touches none of them is ignored (default every path but ignorePaths)',
    ),
  trigger: z
    .enum(['push', 'manual'])
    .default('push')
    .describe(
      'push: a push to the branch starts the pipeline; manual: only "Release change" in the console does (default push)',
    ),
  ignorePaths: z
    .array(z.string().min(1))
    .max(8, 'holds at most 8 patterns (a CodePipeline push filter takes 8)')
    .default(['**/*.md', 'docs/**', '.github/**', 'LICENSE'])
    .describe(
      'Glob patterns; a push that touches only these is ignored (default **/*.md, docs/**, .github/**, LICENSE)',
    ),
});

export const configSchema = z
  .strictObject({
    application: name().describe('Name of the application; it goes into every physical name'),
    pipeline: z
      .strictObject({
        account: z
          .string()
          .regex(ACCOUNT, 'must be a 12-digit AWS account id (quote it in YAML)')
          .describe('The tools account the pipeline runs in'),
        region: z
          .string()
          .regex(REGION, 'must be an AWS region such as eu-west-1')
          .describe('The region the pipeline runs in'),
        executionMode: z
          .enum(['QUEUED', 'SUPERSEDED', 'PARALLEL'])
          .default('SUPERSEDED')
          .describe(
            'How runs share the pipeline. SUPERSEDED: with many merges a day the newest commit overtakes older ones ' +
              'waiting for a stage, so prod gets the latest tested commit instead of a queue of stale ones ' +
              '(default SUPERSEDED)',
          ),
        imageRetentionDays: z
          .int()
          .min(30)
          .max(3650)
          .default(365)
          .describe(
            'Days an image is kept after its push; an environment that deploys nothing for longer may lose the image ' +
              'it runs (images expire by age only, never by count) (default 365)',
          ),
      })
      .describe('The tools account and region where the pipeline runs'),
    source: sourceSchema.describe('The repository and branch the pipeline releases, and what starts it'),
    build: buildSchema.describe(
      "What the Build step runs besides the tool: the application's own tests (default none)",
    ),
    service: legacyServiceSchema.optional().describe('One web service behind an ALB (the first form; or services)'),
    services: z
      .array(applicationServiceSchema)
      .min(1, 'needs at least one service')
      .optional()
      .describe('The services of the application, in order (or the single service form)'),
    hooks: z
      .array(z.enum(LIFECYCLE_EVENTS))
      .min(1)
      .default(['AfterAllowTestTraffic', 'AfterAllowTraffic'])
      .refine((h) => new Set(h).size === h.length, 'lists a lifecycle event twice')
      .refine(
        (h) => !h.includes('BeforeInstall'),
        'BeforeInstall cannot roll back a deployment; use AfterAllowTestTraffic or later',
      )
      .refine(
        (h) => !h.includes('AfterInstall'),
        'AfterInstall runs while the test listener still serves the original (blue) task set, so the HTTP checks ' +
          'would test the old version; use AfterAllowTestTraffic or later',
      )
      .describe(
        'Lifecycle events that run the checks: AfterAllowTestTraffic and BeforeAllowTraffic against green through the ' +
          'test listener, AfterAllowTraffic against the production listener while blue still stands ' +
          '(default AfterAllowTestTraffic, AfterAllowTraffic)',
      ),
    checks: z
      .array(checkSchema)
      .min(1)
      .optional()
      .describe(
        "HTTP checks the hooks run against each web service without checks of its own (default one GET of that service's healthCheckPath)",
      ),
    scan: scanSchema,
    notifications: notificationsSchema,
    guardrails: guardrailsSchema
      .optional()
      .describe('Gate minimums kept outside the repository, checked by bluegreen guardrails check'),
    environments: z
      .array(environmentSchema)
      .min(1, 'needs at least one environment')
      .refine((envs) => new Set(envs.map((e) => e.name)).size === envs.length, 'environment names must be unique')
      .describe('The environments, in promotion order: each deploys after the one before it'),
    backup: backupSchema.optional().describe('AWS Backup plan, vault and DR copy of every environment'),
    integrationTests: z
      .strictObject({
        command: z
          .string()
          .min(1)
          .describe('Run at the repository root against TARGET_URL (green through the test listener)'),
        timeoutMinutes: z
          .int()
          .min(5)
          .max(50)
          .default(20)
          .describe("Minutes the suite may run, inside CodeDeploy's hour for a hook (default 20)"),
        service: serviceName().optional().describe('The web service the suite tests (default the first web service)'),
      })
      .optional()
      .describe('The integration suite as a gate on green at AfterAllowTestTraffic, before any user sees it'),
    database: databaseSchema.optional().describe("The application's relational database, one per environment"),
    cache: cacheSchema.optional().describe("The application's Redis-compatible cache, one per environment"),
    frontend: frontendSchema
      .optional()
      .describe('A single-page app on S3 + CloudFront per environment, published after the web services deploy'),
    buckets: z
      .array(bucketSchema)
      .optional()
      .describe('S3 buckets of the application, one per environment: private, TLS only, versioned, KMS-encrypted'),
    jobs: z
      .array(jobSchema)
      .optional()
      .describe("Scheduled jobs: EventBridge Scheduler runs a service's task definition with another command"),
  })
  .superRefine((config, ctx) => {
    refineBackups(config, ctx);
    refineDatabase(config, ctx);
    refineCache(config, ctx);
    refineServices(config, ctx);
    refineServiceValues(config, ctx);
    if (config.services) {
      refineNlbDeployment(config.services, config.environments, ctx);
      refineSharedPublicUrl(config.services, config.environments, ctx);
    }
    refineRoleNames(config, ctx);
    refineFrontend(config, ctx);
    refineProtectedEnvironments(config.environments, ctx);
    refineVpcUses(config, ctx);
    refineDomainAccounts(config, ctx);
  })
  .transform(({ service, services, ...config }) => ({
    ...config,
    /** Every service, in the configured order; the single `service:` form is one web service. */
    services: (service
      ? [fromLegacyService(service)]
      : (services ?? []).map((s) => fromServiceInput(s, services ?? []))) as ServiceConfig[],
  }));

/** What the refinement sees: the parsed configuration before the services are normalized. */
interface RawConfig {
  readonly application: string;
  readonly service?: z.output<typeof legacyServiceSchema>;
  readonly services?: z.output<typeof applicationServiceSchema>[];
  readonly environments: z.output<typeof environmentSchema>[];
  readonly database?: unknown;
  readonly cache?: unknown;
  readonly integrationTests?: { readonly service?: string };
  readonly buckets?: z.output<typeof bucketSchema>[];
  readonly jobs?: z.output<typeof jobSchema>[];
}

/** What `uses` may name besides services. */
const DATA_TIER = ['database', 'cache'];

/** Refuses service combinations no deployment could carry, naming the field. */
function refineServices(config: RawConfig, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string, input?: unknown) =>
    ctx.addIssue({ code: 'custom', path, input, message });
  if (config.service && config.services) {
    issue(['services'], 'use either service (one web service) or services, not both');
    return;
  }
  if (!config.service && !config.services) {
    issue(['services'], 'is required (or the single service form, service)');
    return;
  }
  const listed = config.service
    ? [{ path: ['service'], service: { ...config.service, kind: 'web' as const, name: 'service', uses: [] } }]
    : (config.services ?? []).map((service, i) => ({ path: ['services', i], service }));
  const names = listed.map(({ service }) => service.name);
  const kinds = new Map(listed.map(({ service }) => [service.name, service.kind]));
  const buckets = (config.buckets ?? []).map((bucket) => bucket.name);
  listed.forEach(({ path, service }, index) => {
    if (names.indexOf(service.name) !== index) {
      issue([...path, 'name'], 'is used by two services; service names must be unique', service.name);
    }
    const fargateMemory = FARGATE_MEMORY[service.cpu];
    if (fargateMemory && !fargateMemory(service.memory)) {
      issue(
        [...path, 'memory'],
        `is not valid with cpu ${service.cpu} on Fargate (allowed: ${FARGATE_MEMORY_TEXT[service.cpu]})`,
        service.memory,
      );
    }
    if (
      service.kind === 'web' &&
      'loadBalancer' in service &&
      service.loadBalancer === 'alb' &&
      !service.healthCheckPath
    ) {
      issue([...path, 'healthCheckPath'], 'is required for a web service behind an ALB (its target groups check it)');
    }
    const containers = 1 + ('sidecars' in service ? service.sidecars.length : 0);
    service.taskDefinitionOverrides.forEach((override, o) => {
      const container = containerIndexOf(override.path);
      if (container !== undefined && container >= containers) {
        issue(
          [...path, 'taskDefinitionOverrides', o, 'path'],
          `names container ${container}, but the task has ${containers} (0 is the app container, then the sidecars in order)`,
          override.path,
        );
      }
    });
    if (DATA_TIER.includes(service.name)) {
      issue([...path, 'name'], `is reserved: 'uses: [${service.name}]' names the data tier`, service.name);
    }
    service.uses.forEach((used, u) => {
      const kind = kinds.get(used);
      if (buckets.includes(used)) return;
      if (DATA_TIER.includes(used)) {
        if (config[used as 'database' | 'cache'] === undefined) {
          issue([...path, 'uses', u], `names the ${used}, but the configuration has no ${used}: section`, used);
        }
      } else if (used === service.name) issue([...path, 'uses', u], 'names the service itself', used);
      else if (!kind) issue([...path, 'uses', u], `names no service or bucket (services: ${names.join(', ')})`, used);
      else if (kind === 'worker') issue([...path, 'uses', u], 'names a worker, which has no address', used);
    });
    if (!config.service) {
      for (const environment of config.environments ?? []) {
        const longest = `${config.application}-${environment.name}-${service.name}`;
        if (longest.length > 43) {
          issue(
            [...path, 'name'],
            `makes '${longest}' longer than 43 characters, too long for the hook function CodeDeployHook_<…>-smoke (64)`,
            service.name,
          );
        }
      }
    }
  });
  refineServiceGraph(config.services ?? [], config.environments ?? [], issue);
  refineStorage(config.services ?? [], config.buckets ?? [], DATA_TIER, issue);
  refineJobs(
    config.jobs ?? [],
    listed.map(({ service }) => ({ sidecars: [], ...service })),
    issue,
  );
  const suiteTarget = config.integrationTests?.service;
  if (suiteTarget !== undefined && kinds.get(suiteTarget) !== 'web') {
    issue(
      ['integrationTests', 'service'],
      `names no web service (web services: ${listed
        .filter((l) => l.service.kind === 'web')
        .map((l) => l.service.name)
        .join(', ')})`,
      suiteTarget,
    );
  }
  (config.environments ?? []).forEach((environment, e) => {
    for (const [name, override] of Object.entries(environment.services ?? {})) {
      const kind = kinds.get(name);
      if (!kind) {
        issue(['environments', e, 'services', name], `names no service (services: ${names.join(', ')})`);
        continue;
      }
      const listedService = listed.find((l) => l.service.name === name)!.service;
      const onAlb = kind === 'web' && (!('loadBalancer' in listedService) || listedService.loadBalancer === 'alb');
      if (override.scaling?.requestsPerTarget !== undefined && !onAlb) {
        issue(
          ['environments', e, 'services', name, 'scaling', 'requestsPerTarget'],
          'is an ALB metric; this service is ' + (kind === 'worker' ? 'a worker' : 'behind an NLB'),
          override.scaling.requestsPerTarget,
        );
      }
    }
  });
}

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
export type { ServiceConfig, WebService, WorkerService, SidecarConfig, ReleaseTaskConfig } from './service-schema';
export { isWebService } from './service-schema';
export type CheckConfig = z.output<typeof checkSchema>;
export type { FrontendConfig } from './frontend-schema';
export type { DomainConfig } from './domain-schema';
export type ScanConfig = PipelineConfig['scan'];
export type LifecycleEvent = (typeof LIFECYCLE_EVENTS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type DeploymentStrategy = EnvironmentConfig['deployment'];
