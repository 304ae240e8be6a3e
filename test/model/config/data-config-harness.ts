import { parse } from 'yaml';
import { z } from 'zod';
import { cacheOverrideSchema, cacheSchema, refineCache } from '../../../model/config/cache-schema';
import { refineDatabase } from '../../../model/config/database-refine';
import { databaseOverrideSchema, databaseSchema } from '../../../model/config/database-schema';
import { describeIssue } from '../../../model/config/load';

/**
 * The data-tier blocks plugged into a minimal config the way the lead plugs them into configSchema,
 * so the schemas are tested with their real paths and messages before they are wired.
 */
const harness = z
  .strictObject({
    database: databaseSchema.optional(),
    cache: cacheSchema.optional(),
    environments: z.array(
      z.strictObject({
        name: z.string(),
        region: z.string(),
        approval: z.boolean().default(false),
        database: databaseOverrideSchema.optional(),
        cache: cacheOverrideSchema.optional(),
      }),
    ),
  })
  .superRefine((config, ctx) => {
    refineDatabase(config, ctx);
    refineCache(config, ctx);
  });

export type HarnessConfig = z.output<typeof harness>;

const ENVIRONMENTS = `
environments:
  - { name: staging, region: eu-west-1 STAGING }
  - { name: prod, region: eu-west-1, approval: true PROD }
`;

/** YAML with the given top-level blocks and per-environment extras (`, database: {...}`). */
export function dataYaml(top: string, extras: { staging?: string; prod?: string } = {}): string {
  return `${top}\n${ENVIRONMENTS.replace(' STAGING', extras.staging ?? '').replace(' PROD', extras.prod ?? '')}`;
}

export function parseData(text: string): HarnessConfig {
  const result = harness.safeParse(parse(text), { reportInput: true });
  if (!result.success) throw new Error(result.error.issues.map(describeIssue).join('\n'));
  return result.data;
}

/** The problems, one readable line each (`field.path: message (got value)`). */
export function dataProblems(text: string): string[] {
  const result = harness.safeParse(parse(text), { reportInput: true });
  if (result.success) throw new Error('expected problems, the config is valid');
  return result.error.issues.map(describeIssue);
}
