import { z } from 'zod';

/** The `scan:` block: the gate on the image's vulnerability scan. */

export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL', 'UNDEFINED'] as const;

const CVE_ID = /^(CVE-\d{4}-\d{4,}|GHSA-[a-z0-9-]+|[A-Z]+-[A-Za-z0-9-]+)$/;

export const scanSchema = z
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
