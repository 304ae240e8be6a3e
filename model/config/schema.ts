import { z } from 'zod';
import { backupSchema, refineBackups } from './backup-schema';
import { cacheSchema, refineCache } from './cache-schema';
import { buildSchema } from './build-schema';
import { checkSchema } from './check-schema';
import { resourceName } from './common-fields';
import { refineDatabase } from './database-refine';
import { databaseSchema } from './database-schema';
import { LIFECYCLE_EVENTS } from './deployment-schema';
import { refineNlbDeployment } from './deployment-refine';
import { environmentSchema } from './environment-schema';
import { guardrailsSchema } from './guardrails-schema';
import { notificationsSchema } from './notifications-schema';
import { pipelineSchema } from './pipeline-schema';
import { refineSharedPublicUrl } from './public-url-refine';
import { refineProtectedEnvironments } from './protected-refine';
import { refineProtectedImages } from './protected-images-refine';
import { refineRepointEnvironment } from './repoint-refine';
import { refineReleaseAccount } from './release-account-refine';
import { refineReleaseConnection } from './release-connection-refine';
import { refineRoleNames } from './role-name-refine';
import { refineVpcUses } from './network-refine';
import { refineDomainAccounts } from './domain-accounts-refine';
import { refineFrontend } from './frontend-refine';
import { frontendSchema } from './frontend-schema';
import { jobSchema } from './job-schema';
import { scanSchema, SEVERITIES } from './scan-schema';
import { bucketSchema } from './storage-schema';
import { refineServices } from './services-refine';
import { sourceSchema } from './source-schema';
import {
  applicationServiceSchema,
  fromLegacyService,
  fromServiceInput,
  legacyServiceSchema,
  serviceName,
  type ServiceConfig,
} from './service-schema';
import { refineServiceValues } from './service-values-refine';

export { checkSchema } from './check-schema';
export { LIFECYCLE_EVENTS, WEEKDAYS } from './deployment-schema';
export { environmentSchema } from './environment-schema';
export { SEVERITIES } from './scan-schema';

/**
 * The one definition of `pipeline.config.yaml`. Types, validation, defaults and the committed
 * JSON Schema (`pipeline.config.schema.json`) all come from here.
 */

export const configSchema = z
  .strictObject({
    application: resourceName().describe('Name of the application; it goes into every physical name'),
    pipeline: pipelineSchema.describe('The tools account and region where the pipeline runs'),
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
      .superRefine((envs, ctx) =>
        envs.forEach((environment, i) => {
          if (envs.findIndex((e) => e.name === environment.name) !== i)
            ctx.addIssue({
              code: 'custom',
              path: [i, 'name'],
              input: environment.name,
              message: 'is used by two environments; environment names must be unique',
            });
        }),
      )
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
    refineRepointEnvironment(config, ctx);
    refineFrontend(config, ctx);
    refineProtectedEnvironments(config.environments, ctx);
    refineProtectedImages(config, ctx);
    refineReleaseAccount(config, ctx);
    refineReleaseConnection(config, ctx);
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
