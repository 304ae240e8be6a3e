import { z } from 'zod';
import { releaseTaskSchema } from './release-task-schema';
import { secretsSchema } from './secret-schema';
import { cpu, environmentVariables, serviceName } from './service-fields';
import { sidecarSchema } from './sidecar-schema';
import { serviceStorageSchema } from './storage-schema';
import { taskDefinitionOverridesSchema } from './task-definition-overrides';
import { taskRolePermissionsSchema } from './task-role-permissions';

/** Settings every kind of service has. */
export const commonFields = {
  name: serviceName().describe('Goes into physical names: <application>-<environment>-<name>'),
  containerName: serviceName()
    .default('app')
    .describe('Name of the app container in the task definition (default app)'),
  cpu: cpu(),
  memory: z
    .int()
    .min(512)
    .max(122_880)
    .default(512)
    .describe('Task memory in MiB; must be valid for the cpu (Fargate table) (default 512)'),
  desiredCount: z
    .int()
    .min(1)
    .max(1000)
    .default(2)
    .describe('Tasks the service starts with, raised to its scaling minTasks when lower (default 2)'),
  environment: environmentVariables(),
  secrets: secretsSchema()
    .default({})
    .describe('Secrets injected as environment variables, by variable name (default none)'),
  command: z.array(z.string()).optional().describe('Overrides the image CMD'),
  entryPoint: z.array(z.string()).optional().describe('Overrides the image ENTRYPOINT'),
  dockerfile: z.string().min(1).optional().describe('The Dockerfile, relative to buildContext (default Dockerfile)'),
  buildContext: z
    .string()
    .min(1)
    .optional()
    .describe('Directory the image is built from; required unless imageFrom names the service whose image this runs'),
  imageFrom: serviceName()
    .optional()
    .describe(
      "Runs another service's image (web, worker and beat from one Dockerfile): built, scanned and stored once, " +
        'the same digest for every service that names it',
    ),
  permissions: taskRolePermissionsSchema,
  user: z
    .string()
    .regex(/^\d+(:\d+)?$/, 'must be a numeric uid or uid:gid')
    .default('1000:1000')
    .describe('Numeric uid or uid:gid the app container runs as (default 1000:1000)'),
  readonlyRootFilesystem: z
    .boolean()
    .default(true)
    .describe(
      "The app container's root filesystem is read-only; writablePaths lists where it may write (default true)",
    ),
  writablePaths: z
    .array(z.string().regex(/^\/[^\s]*[^\s/]$/, 'must be an absolute directory path such as /app/tmp'))
    .default([])
    .refine((paths) => new Set(paths).size === paths.length, 'lists a path twice')
    .describe(
      'Directories the app container may write (each an ephemeral task volume, gone with the task); the root ' +
        'filesystem stays read-only. Data that must last belongs in the database or object storage (default none)',
    ),
  sidecars: z
    .array(sidecarSchema)
    .default([])
    .describe('Containers beside the app container in the task: a proxy, a log router, a collector (default none)'),
  uses: z
    .array(serviceName())
    .default([])
    .describe(
      'Other services (their address as <NAME>_URL), the database or cache, and buckets (their name as ' +
        '<NAME>_BUCKET) (default none)',
    ),
  storage: serviceStorageSchema
    .optional()
    .describe('EFS volumes that outlive the task (uploads): encrypted, mounted over TLS with IAM authorization'),
  release: releaseTaskSchema
    .optional()
    .describe('A task (a migration) that must succeed on the new revision before it takes traffic'),
  taskDefinitionOverrides: taskDefinitionOverridesSchema,
};
