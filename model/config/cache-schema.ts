import { z } from 'zod';

/**
 * The `cache:` block (top level) and its per-environment override (`environments[].cache`).
 * Plug in with `cache: cacheSchema.optional()`, `cache: cacheOverrideSchema.optional()` on the
 * environment and `refineCache(config, ctx)` in the config's superRefine.
 */

export const CACHE_ENGINES = ['valkey', 'redis'] as const;
export const CACHE_MODES = ['serverless', 'nodes'] as const;
export const CACHE_AUTHENTICATIONS = ['token', 'iam'] as const;

const fields = {
  mode: z
    .enum(CACHE_MODES)
    .describe('serverless: ElastiCache Serverless, scales itself; nodes: a replication group (default serverless)'),
  nodeType: z
    .string()
    .regex(/^cache\.[a-z][a-z0-9-]*\.[a-z0-9]+$/, 'must be an ElastiCache node type such as cache.t4g.small')
    .describe('Node type, nodes only (default cache.t4g.small)'),
  replicas: z
    .int()
    .min(0)
    .max(5)
    .describe(
      'Replicas besides the primary (nodes only); 1 or more gives Multi-AZ with automatic failover (default 1)',
    ),
  authentication: z
    .enum(CACHE_AUTHENTICATIONS)
    .describe('token: an AUTH token generated into Secrets Manager; iam: IAM-authenticated user (default token)'),
  rotation: z
    .strictObject({ days: z.int().min(1).max(365).describe('Days between rotations of the token') })
    .describe(
      "Rotation of the token (authentication: token), the password of the user group's default user; see README: Data tier (default no rotation)",
    ),
};

/** Every field, optional: the `cache:` block gives two of them a default, an override replaces those it names. */
const optionalFields = z.strictObject(fields).partial().shape;

/** Top-level `cache:`: one cache per environment. */
export const cacheSchema = z.strictObject({
  engine: z
    .enum(CACHE_ENGINES)
    .default('valkey')
    .describe('The cache engine: valkey, or redis for Redis OSS (default valkey)'),
  ...optionalFields,
  mode: fields.mode.default('serverless'),
  authentication: fields.authentication.default('token'),
});

/** `environments[].cache`: fields replace the top-level ones. */
export const cacheOverrideSchema = z.strictObject(optionalFields);

export type CacheConfig = z.output<typeof cacheSchema>;
export type CacheOverride = z.output<typeof cacheOverrideSchema>;
export type CacheEngine = (typeof CACHE_ENGINES)[number];
export type CacheMode = (typeof CACHE_MODES)[number];
export type CacheAuthentication = (typeof CACHE_AUTHENTICATIONS)[number];

/** The cache of one environment, every default resolved. */
export type EffectiveCache =
  | {
      readonly engine: CacheEngine;
      readonly mode: 'serverless';
      readonly authentication: CacheAuthentication;
      readonly rotation?: CacheRotation;
    }
  | {
      readonly engine: CacheEngine;
      readonly mode: 'nodes';
      readonly nodeType: string;
      readonly replicas: number;
      readonly authentication: CacheAuthentication;
      readonly rotation?: CacheRotation;
    };

export interface CacheRotation {
  readonly days: number;
}

/** What the merge needs of a configuration; structural so this file does not import schema.ts. */
export interface CacheConfigShape {
  readonly cache?: CacheConfig;
  readonly environments: readonly { readonly name: string; readonly cache?: CacheOverride }[];
}

/** The cache of `environmentName` (override merged over the top level), or undefined without `cache:`. */
export function effectiveCacheFor(config: CacheConfigShape, environmentName: string): EffectiveCache | undefined {
  const environment = config.environments.find((e) => e.name === environmentName);
  if (environment === undefined) {
    throw new Error(
      `unknown environment '${environmentName}' (configured: ${config.environments.map((e) => e.name).join(', ')})`,
    );
  }
  const top = config.cache;
  if (top === undefined) return undefined;
  const o = environment.cache ?? {};
  const mode = o.mode ?? top.mode;
  const authentication = o.authentication ?? top.authentication;
  const rotation = o.rotation ?? top.rotation;
  const rotated = rotation !== undefined ? { rotation } : {};
  if (mode === 'serverless') return { engine: top.engine, mode, authentication, ...rotated };
  return {
    engine: top.engine,
    mode,
    nodeType: o.nodeType ?? top.nodeType ?? 'cache.t4g.small',
    replicas: o.replicas ?? top.replicas ?? 1,
    authentication,
    ...rotated,
  };
}

/**
 * Node-only fields in a serverless cache, an override without a top-level block, and a rotation of a cache that has no
 * token (IAM authentication), named by path.
 */
export function refineCache(config: CacheConfigShape, ctx: z.core.$RefinementCtx): void {
  const top = config.cache;
  const blocks: { path: PropertyKey[]; block: CacheOverride; mode: CacheMode | undefined }[] = [];
  if (top) blocks.push({ path: ['cache'], block: top, mode: top.mode });
  config.environments.forEach((environment, index) => {
    const override = environment.cache;
    if (override === undefined) return;
    const path = ['environments', index, 'cache'];
    if (top === undefined) {
      ctx.addIssue({ code: 'custom', path, input: override, message: 'needs a top-level cache block' });
      return;
    }
    blocks.push({ path, block: override, mode: override.mode ?? top.mode });
  });
  for (const { path, block, mode } of blocks) {
    for (const field of ['nodeType', 'replicas'] as const) {
      if (block[field] !== undefined && mode === 'serverless') {
        ctx.addIssue({
          code: 'custom',
          path: [...path, field],
          input: block[field],
          message: 'is only for mode: nodes (a serverless cache sizes itself)',
        });
      }
    }
  }
  if (top !== undefined)
    config.environments.forEach((environment, index) => refineRotation(top, environment, index, ctx));
}

/** A rotation, whoever sets it, of an environment whose cache authenticates by IAM: there is no token to rotate. */
function refineRotation(
  top: CacheConfig,
  environment: CacheConfigShape['environments'][number],
  index: number,
  ctx: z.core.$RefinementCtx,
): void {
  const override = environment.cache ?? {};
  const rotation = override.rotation ?? top.rotation;
  if (rotation === undefined || (override.authentication ?? top.authentication) !== 'iam') return;
  const iam = 'authenticates by IAM (each connection signs with the task role) and has no token';
  if (override.rotation === undefined && override.authentication !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['environments', index, 'cache', 'authentication'],
      input: override.authentication,
      message: `${iam} for the top-level cache.rotation to rotate: move rotation: into the environments whose cache uses a token, or use authentication: token here`,
    });
    return;
  }
  ctx.addIssue({
    code: 'custom',
    path: override.rotation !== undefined ? ['environments', index, 'cache', 'rotation'] : ['cache', 'rotation'],
    input: rotation,
    message: `rotates a token, but the cache of ${environment.name} ${iam}: drop the rotation for ${environment.name}, or use authentication: token`,
  });
}
