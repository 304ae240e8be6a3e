import { z } from 'zod';
import { globMatch } from '../glob';
import { serviceName } from './service-schema';

/**
 * The `frontend:` block (top level): a single-page app built once per commit, published to each
 * environment's bucket behind CloudFront after that environment's web services are deployed.
 * Kept apart from schema.ts so the frontend rules live in one place; schema.ts only plugs them in.
 */

/** A path inside the repository (or the build context): relative, '/'-separated, never leaving it. */
const relativePath = () =>
  z
    .string()
    .min(1)
    .refine((p) => !p.startsWith('/') && !p.includes('\\') && !p.split('/').includes('..'), {
      message: "must be a relative path with '/' separators that stays inside the repository (no leading '/', no '..')",
    });

/** A CloudFront path pattern, e.g. `/api/*`: starts with '/', at most one trailing wildcard segment. */
const API_PATH_PATTERN = /^\/[A-Za-z0-9_\-.~/]*\*?$/;
/** A file name or path in the output directory, e.g. `config.json` or `env/config.json`. */
const OBJECT_KEY = /^[A-Za-z0-9_\-.][A-Za-z0-9_\-./]*$/;

export const frontendSchema = z
  .strictObject({
    buildContext: relativePath().describe(
      'Directory of the frontend in the repository (relative to the repository root), e.g. frontend',
    ),
    buildCommand: z
      .string()
      .min(1)
      .default('npm ci && npm run build')
      .describe(
        'Shell command run in buildContext by the (unprivileged) frontend build step (default npm ci && npm run build)',
      ),
    outputDirectory: relativePath()
      .default('dist')
      .describe(
        'Directory (relative to buildContext) the build writes; its files are published as they are (default dist)',
      ),
    spaFallback: z
      .boolean()
      .default(true)
      .describe(
        'Serve index.html for extension-less paths (client-side routes); API paths are never rewritten (default true)',
      ),
    apiService: serviceName()
      .optional()
      .describe(
        'The public web service the API path pattern is routed to; CloudFront reaches its load balancer ' +
          '(default the first web service)',
      ),
    apiPathPattern: z
      .string()
      .regex(API_PATH_PATTERN, "must be a CloudFront path pattern starting with '/', e.g. /api/*")
      .refine((p) => p !== '/*' && p !== '/', { message: 'must not route every path to the API' })
      .default('/api/*')
      .describe(
        'Requests matching this pattern go to the web service on the same origin, no CORS, no mixed content (default /api/*)',
      ),
    runtimeConfigFile: z
      .string()
      .regex(OBJECT_KEY, "must be a file name such as config.json (letters, digits, '-', '_', '.', '/')")
      .refine((p) => p.endsWith('.json') && p !== 'index.html', {
        message: 'must be a .json file other than index.html',
      })
      .default('config.json')
      .describe(
        'File the publish step writes per environment, { apiBaseUrl, environment, version }, never cached (default config.json)',
      ),
    keepPreviousAssetsDays: z
      .int()
      .min(0)
      .max(365)
      .default(7)
      .describe(
        'Days the files of a replaced release stay in the bucket, so open sessions of it keep working (default 7)',
      ),
    hashedAssetPattern: z
      .string()
      .min(1)
      .default('assets/**')
      .describe(
        "Glob ('**' across folders, '*' within one) of the content-hashed files: cached for a year as immutable, " +
          'never invalidated (default assets/**)',
      ),
  })
  .superRefine((frontend, ctx) => {
    for (const entry of ['index.html', frontend.runtimeConfigFile]) {
      if (globMatch(frontend.hashedAssetPattern, entry)) {
        ctx.addIssue({
          code: 'custom',
          path: ['hashedAssetPattern'],
          input: frontend.hashedAssetPattern,
          message: `must not match ${entry}: it changes with every release and is served with no-cache`,
        });
      }
    }
  });

export type FrontendConfig = z.output<typeof frontendSchema>;

/** The publish settings of a frontend, with their defaults: what `bluegreen frontend publish` needs. */
export type FrontendPublishSettings = Pick<
  FrontendConfig,
  'runtimeConfigFile' | 'keepPreviousAssetsDays' | 'hashedAssetPattern'
>;

export const DEFAULT_PUBLISH_SETTINGS: FrontendPublishSettings = {
  runtimeConfigFile: 'config.json',
  keepPreviousAssetsDays: 7,
  hashedAssetPattern: 'assets/**',
};
