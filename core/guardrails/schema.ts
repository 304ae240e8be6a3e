import { z } from 'zod';
import { SEVERITIES } from '../../model/config/schema';

/**
 * The guardrails document: minimums for the release gates, kept outside the repository (an SSM
 * parameter in the tools account) so that one commit cannot weaken them. `guardrails.example.yaml`
 * at the repository root shows the format.
 *
 * Every field is required and unknown fields are refused: a typo or an omission must never read as
 * "no minimum".
 */

const ENVIRONMENT_NAME = /^[a-z][a-z0-9-]{0,23}$/;

const uniqueList = <T extends z.ZodType<string>>(item: T, what: string) =>
  z.array(item).refine((items) => new Set(items).size === items.length, `lists ${what} twice`);

const environmentNames = () =>
  uniqueList(
    z.string().regex(ENVIRONMENT_NAME, 'must be an environment name (lower-case letters, digits and -)'),
    'an environment',
  );

export const guardrailsSchema = z.strictObject({
  version: z.literal(1).describe('Format version of this document'),
  environments: z.strictObject({
    requireApproval: environmentNames().describe('Environments that must exist and have approval: true'),
    requireDeploymentWindow: environmentNames().describe('Environments that must exist and have a deploymentWindow'),
  }),
  scan: z.strictObject({
    mustBlock: uniqueList(z.enum(SEVERITIES), 'a severity').describe('Severities that scan.failOn must include'),
    onlyFixableAllowed: z.boolean().describe('Whether scan.onlyFixable: true is allowed'),
    allowlistMaxDays: z.int().min(0).max(3650).describe('Latest scan.allowlist[].expires, in days after today (UTC)'),
  }),
});

export type Guardrails = z.output<typeof guardrailsSchema>;
