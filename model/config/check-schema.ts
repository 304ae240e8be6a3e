import { z } from 'zod';

const urlPath = z.string().regex(/^\/[^\s]*$/, "must be a URL path starting with '/'");

/** One HTTP check the lifecycle hook (and `bluegreen check`) runs against the green task set. */
export const checkSchema = z.strictObject({
  path: urlPath.describe('Path requested on the test listener, e.g. /health'),
  method: z
    .enum(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
    .default('GET')
    .describe('HTTP method of the request (default GET)'),
  expectStatus: z.int().min(100).max(599).optional().describe('Exact status expected; when absent any 2xx passes'),
  bodyContains: z.string().min(1).optional().describe('Substring the response body must contain'),
  jsonField: z
    .strictObject({
      path: z
        .string()
        .regex(/^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/, 'must be a dotted path such as status or build.commit')
        .describe('Dotted path of the field in the JSON body, e.g. build.commit'),
      equals: z
        .union([z.string(), z.number(), z.boolean(), z.null()])
        .describe('The value the field must equal: a string, number, boolean or null'),
    })
    .optional()
    .describe('A JSON field of the body that must equal a value'),
  latencyBudgetMs: z.int().min(1).max(60_000).optional().describe('Slowest acceptable response'),
  timeoutMs: z.int().min(100).max(60_000).default(5_000).describe('Time limit of one attempt, in ms (default 5000)'),
  attempts: z.int().min(1).max(10).default(3).describe('Attempts before the check fails (default 3)'),
  backoffMs: z
    .int()
    .min(0)
    .max(30_000)
    .default(1_000)
    .describe('Wait in ms before the first retry; doubles each time (default 1000)'),
});
