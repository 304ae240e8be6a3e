import { z } from 'zod';

/**
 * How an environment deploys: the CodeDeploy traffic shift, the alarms that roll it back, the window it may
 * deploy in, and the lifecycle events the hooks can run at.
 */

/** The longest period a rollback alarm may have: a longer one would see a bad deployment too late to roll it back. */
export const MAX_ALARM_PERIOD_SECONDS = 300;

export const LIFECYCLE_EVENTS = [
  'BeforeInstall',
  'AfterInstall',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AfterAllowTraffic',
] as const;

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

export const deploymentSchema = z
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

export const alarmsSchema = z
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
      .union([z.literal(10), z.literal(30), z.literal(60), z.literal(MAX_ALARM_PERIOD_SECONDS)])
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

export const deploymentWindowSchema = z.strictObject({
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
