import { z } from 'zod';
import { environmentVariables, port, serviceName } from './service-fields';

/** A container beside the app container: a proxy, a log router, a collector. Render leaves it untouched. */
export const sidecarSchema = z.strictObject({
  name: serviceName().describe('Container name of the sidecar in the task; dependsOn refers to it by this name'),
  image: z
    .string()
    .min(1)
    .describe(
      'Image reference, e.g. public.ecr.aws/aws-observability/aws-otel-collector@sha256:<64 hex>; by digest when an environment has approval: true',
    ),
  essential: z.boolean().default(false).describe('true: when it stops, ECS stops the whole task (default false)'),
  cpu: z
    .int()
    .min(0)
    .max(16384)
    .optional()
    .describe("CPU units reserved for the sidecar out of the task's cpu; none reserved when absent"),
  memory: z.int().min(6).max(122_880).optional().describe('Hard limit in MiB'),
  dependsOn: z
    .array(
      z.strictObject({
        container: serviceName().describe('The container waited for: the app container or another sidecar'),
        condition: z
          .enum(['START', 'COMPLETE', 'SUCCESS', 'HEALTHY'])
          .default('START')
          .describe('What is waited for: the container started, exited, exited with 0, or is healthy (default START)'),
      }),
    )
    .default([])
    .describe('Containers this one waits for before it starts (default none)'),
  portMappings: z
    .array(
      z.strictObject({
        containerPort: port().describe('Port the sidecar listens on inside the task'),
        protocol: z.enum(['tcp', 'udp']).default('tcp').describe('Protocol of the port (default tcp)'),
      }),
    )
    .default([])
    .describe('Ports the sidecar listens on (default none)'),
  environment: environmentVariables(),
  command: z.array(z.string()).optional().describe('Overrides the image CMD'),
  user: z
    .string()
    .regex(/^\d+(:\d+)?$/, 'must be a numeric uid or uid:gid')
    .default('1000:1000')
    .describe('Numeric uid or uid:gid the sidecar runs as (default 1000:1000)'),
  readonlyRootFilesystem: z
    .boolean()
    .default(true)
    .describe("The sidecar's root filesystem is read-only (default true)"),
  logging: z
    .enum(['awslogs', 'none'])
    .default('awslogs')
    .describe("awslogs: into the service's log group under the sidecar's name; none: no logs (default awslogs)"),
});

export type SidecarConfig = z.output<typeof sidecarSchema>;
