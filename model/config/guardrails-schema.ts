import { z } from 'zod';

/** The `guardrails:` block: where the gate minimums kept outside the repository are read from. */

const SSM_PARAMETER_NAME = /^\/[A-Za-z0-9_.\-/]{1,2047}$/;

export const guardrailsSchema = z.strictObject({
  parameterName: z
    .string()
    .regex(SSM_PARAMETER_NAME, "must be an SSM parameter name starting with '/', e.g. /bluegreen/shop/guardrails")
    .optional()
    .describe('SSM parameter (tools account) holding the gate minimums (default /bluegreen/<application>/guardrails)'),
});
