import { z } from 'zod';

/** The `scaling:` block of an environment, and a service's own scaling in one environment over it. */

export const scalingSchema = z
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
  .superRefine((s, ctx) => {
    if (s.maxTasks < s.minTasks)
      ctx.addIssue({
        code: 'custom',
        path: ['maxTasks'],
        input: s.maxTasks,
        message: `is ${s.maxTasks}, below minTasks ${s.minTasks}; maxTasks must be at least minTasks`,
      });
  })
  .describe("Autoscaling of every service in this environment (default each field's default)");

/** A service's scaling in one environment; what it leaves out comes from the environment's `scaling`. */
export const scalingOverrideSchema = z.strictObject({
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
