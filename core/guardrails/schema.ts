import { z } from 'zod';
import { LIFECYCLE_EVENTS } from '../../model/config/deployment-schema';
import { SEVERITIES } from '../../model/config/scan-schema';

/**
 * The guardrails document: minimums for the release gates, kept outside the repository (an SSM
 * parameter in the tools account that the platform team publishes with `bluegreen guardrails publish`;
 * no stack the pipeline updates owns it) so that one commit cannot weaken them. `guardrails.example.yaml`
 * at the repository root shows the format.
 *
 * Every field is required and unknown fields are refused: a typo or an omission must never read as
 * "no minimum".
 */

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,23}$/;
const ACCOUNT = /^\d{12}$/;

const uniqueList = <T extends z.ZodType<string>>(item: T, what: string) =>
  z.array(item).refine((items) => new Set(items).size === items.length, `lists ${what} twice`);

const environmentNames = () =>
  uniqueList(
    z.string().regex(ENVIRONMENT_NAME, 'must be an environment name (lower-case letters, digits and -)'),
    'an environment',
  );

const scanV1 = {
  mustBlock: uniqueList(z.enum(SEVERITIES), 'a severity').describe('Severities that scan.failOn must include'),
  onlyFixableAllowed: z.boolean().describe('Whether scan.onlyFixable: true is allowed'),
  allowlistMaxDays: z.int().min(0).max(3650).describe('Latest scan.allowlist[].expires, in days after today (UTC)'),
};

/**
 * Version 1 named the protected environments. A name is the config's to choose, so a config that keeps `prod` on
 * an unused account and adds `live` on the real one passed. Still parsed, so a pipeline reading an old parameter
 * says what to do; `checkGuardrails` refuses every config against it until the platform team publishes version 2.
 */
export const guardrailsV1Schema = z.strictObject({
  version: z.literal(1).describe('Format version of this document'),
  environments: z.strictObject({
    requireApproval: environmentNames().describe('Environments that must exist and have approval: true'),
    requireDeploymentWindow: environmentNames().describe('Environments that must exist and have a deploymentWindow'),
  }),
  scan: z.strictObject(scanV1),
});

/** What every environment in a protected account must keep, whatever it is called. */
const protectedEnvironmentsSchema = z.strictObject({
  deploymentWindow: z
    .strictObject({
      maxHoursPerDay: z
        .int()
        .min(1)
        .max(23)
        .describe('Longest window a day (endHour - startHour); 24 is never allowed'),
      maxDaysPerWeek: z.int().min(1).max(7).describe('Most days in deploymentWindow.days'),
    })
    .describe('Every protected environment has a deploymentWindow no wider than this'),
  deployment: z.strictObject({
    allowAllAtOnce: z
      .boolean()
      .describe('Whether deployment.type: allAtOnce (all traffic at once, no canary or linear step) is allowed'),
  }),
  alarms: z
    .strictObject({
      maxTarget5xxCount: z.int().min(1).describe('Highest alarms.target5xxCount'),
      maxP99LatencyMs: z.int().min(1).describe('Highest alarms.p99LatencyMs'),
      maxUnhealthyHosts: z.int().min(1).describe('Highest alarms.unhealthyHosts'),
      maxEvaluationPeriods: z.int().min(1).max(10).describe('Highest alarms.evaluationPeriods'),
    })
    .describe('The rollback alarms of a protected environment fire at these thresholds or lower'),
  requireHooks: uniqueList(z.enum(LIFECYCLE_EVENTS), 'a lifecycle event').describe(
    'Lifecycle events the top-level hooks must include (AfterAllowTraffic: the smoke checks on production)',
  ),
  minChecks: z.int().min(1).max(20).describe('Fewest checks (top-level, and of each web service that has its own)'),
  database: z.strictObject({
    allowWithoutTls: z
      .boolean()
      .describe('Whether database.requireTls: false (the database accepts connections without TLS) is allowed'),
    allowMasterUser: z
      .boolean()
      .default(false)
      .describe(
        'Whether database.applicationUser: false (services and release tasks connect as the master user) is allowed',
      ),
  }),
  allowResourceTypes: uniqueList(
    z
      .string()
      .regex(
        /^(AWS|Custom)::[A-Za-z0-9]+(::[A-Za-z0-9]+)?$/,
        'must be a CloudFormation type such as AWS::DynamoDB::Table',
      ),
    'a type',
  )
    .default([])
    .describe(
      "Resource types a protected template may hold besides the tool's own, e.g. an application's own table added in " +
        'pipeline.ts: the platform team reviews what they grant (default none)',
    ),
});

export const guardrailsV2Schema = z.strictObject({
  version: z.literal(2).describe('Format version of this document'),
  protectedAccounts: uniqueList(
    z.string().regex(ACCOUNT, 'must be a 12-digit AWS account id (quote it in YAML)'),
    'an account',
  )
    .min(1, 'needs at least one account: without one, nothing is protected')
    .describe('Accounts whose environments need approval: true, a window and the minimums below, whatever their name'),
  protectedEnvironments: protectedEnvironmentsSchema,
  scan: z.strictObject({
    ...scanV1,
    allowlistMaxEntries: z.int().min(0).max(100).describe('Most entries in scan.allowlist'),
  }),
});

export const guardrailsSchema = z.discriminatedUnion('version', [guardrailsV1Schema, guardrailsV2Schema]);

export type GuardrailsV1 = z.output<typeof guardrailsV1Schema>;
export type GuardrailsV2 = z.output<typeof guardrailsV2Schema>;
export type Guardrails = z.output<typeof guardrailsSchema>;
