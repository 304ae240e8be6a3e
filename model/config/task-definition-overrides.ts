import { z } from 'zod';

/**
 * `taskDefinitionOverrides`: changes to a service's synthesized AWS::ECS::TaskDefinition that the configuration
 * has no field for (ulimits, ephemeral storage, a container's health check, Linux parameters…), after Copilot's
 * `taskdef_overrides`. Each is a CloudFormation property path, dot-separated, array items by index
 * (`ContainerDefinitions.0.Ulimits`), applied as a CDK property override; the result goes through the policy
 * gates and preflight like everything else.
 */

/** The properties of AWS::ECS::TaskDefinition (CloudFormation resource reference). */
const TASK_DEFINITION_PROPERTIES = [
  'ContainerDefinitions',
  'Cpu',
  'EnableFaultInjection',
  'EphemeralStorage',
  'ExecutionRoleArn',
  'Family',
  'InferenceAccelerators',
  'IpcMode',
  'Memory',
  'NetworkMode',
  'PidMode',
  'PlacementConstraints',
  'ProxyConfiguration',
  'RequiresCompatibilities',
  'RuntimePlatform',
  'Tags',
  'TaskRoleArn',
  'Volumes',
] as const;

/**
 * What the tool owns, and why an override may not change it: the deploy contract (family, image and name of a
 * container, its port, which the load balancer and the appspec name), the roles (least privilege is granted by
 * the configuration, never by replacing a role), Fargate networking, and the sizes the configuration validates.
 */
const OWNED: readonly { readonly pattern: RegExp; readonly why: string }[] = [
  { pattern: /^Family$/, why: 'the pipeline renders and deploys the task definition by its family' },
  {
    pattern: /^(TaskRoleArn|ExecutionRoleArn)$/,
    why: "the roles are the tool's; grant permissions in the configuration",
  },
  { pattern: /^(NetworkMode|RequiresCompatibilities)$/, why: 'services run on Fargate in awsvpc mode' },
  {
    pattern: /^RuntimePlatform(\.|$)/,
    why: 'the images are built for Linux on x86_64, and a task on another platform would not start',
  },
  { pattern: /^(Cpu|Memory)$/, why: 'set cpu and memory on the service, where they are checked against Fargate' },
  {
    pattern: /^ContainerDefinitions\.\d+\.(Name|Image|PortMappings)(\.|$)/,
    why: "a container's name, image and ports are what the load balancer, the appspec and the render step name",
  },
  {
    pattern: /^ContainerDefinitions\.\d+\.(Environment|Secrets)(\.|$)/,
    why:
      'set environment and secrets on the service: an override replaces the whole list, dropping what the tool ' +
      "injects (other services' addresses, the database's credentials)",
  },
  {
    pattern: /^ContainerDefinitions\.\d+\.LogConfiguration(\.|$)/,
    why: "a container's logs go to the service's encrypted log group, which `bluegreen logs` reads",
  },
  { pattern: /^ContainerDefinitions$/, why: 'override a field of one container, e.g. ContainerDefinitions.0.Ulimits' },
];

const SEGMENT = /^(\d+|[A-Za-z][A-Za-z0-9_-]*)$/;

export const taskDefinitionOverrideSchema = z
  .strictObject({
    path: z
      .string()
      .min(1)
      .describe(
        'A property path of AWS::ECS::TaskDefinition, dot-separated, array items by index: ContainerDefinitions.0 is ' +
          'the app container, then the sidecars in order (e.g. ContainerDefinitions.0.Ulimits, EphemeralStorage.SizeInGiB)',
      ),
    value: z
      .unknown()
      .refine((value) => value !== undefined, 'is required (null removes the property)')
      .describe('The value CloudFormation gets at that path, in its own shape; null removes the property'),
  })
  .superRefine((override, ctx) => {
    const problem = pathProblem(override.path) ?? ownedLeafProblem(override.path, override.value);
    if (problem) ctx.addIssue({ code: 'custom', path: ['path'], input: override.path, message: problem });
  });

export type TaskDefinitionOverride = z.output<typeof taskDefinitionOverrideSchema>;

export const taskDefinitionOverridesSchema = z
  .array(taskDefinitionOverrideSchema)
  .default([])
  .describe(
    "Changes to the service's AWS::ECS::TaskDefinition the configuration has no field for (Copilot's " +
      'taskdef_overrides) (default none)',
  );

/** Why a path cannot be overridden, or undefined when it can. */
export function pathProblem(path: string): string | undefined {
  const segments = path.split('.');
  if (!segments.every((segment) => SEGMENT.test(segment))) {
    return 'must be a dot-separated property path such as ContainerDefinitions.0.Ulimits';
  }
  if (!(TASK_DEFINITION_PROPERTIES as readonly string[]).includes(segments[0])) {
    return `must start with a property of AWS::ECS::TaskDefinition (${TASK_DEFINITION_PROPERTIES.join(', ')})`;
  }
  const owned = OWNED.find(({ pattern }) => pattern.test(path));
  return owned ? `cannot be overridden: ${owned.why}` : undefined;
}

/**
 * Why a map value would reach an owned path below `path`, or undefined: CDK merges a map into what is there, so
 * `{ path: ContainerDefinitions.0, value: { Image: … } }` would set the image as surely as its own path would.
 */
function ownedLeafProblem(path: string, value: unknown): string | undefined {
  for (const leaf of leafPaths(path, value)) {
    const owned = OWNED.find(({ pattern }) => pattern.test(leaf));
    if (owned) return `cannot be overridden: its value sets ${leaf}, and ${owned.why}`;
  }
  return undefined;
}

/** The paths a value sets: its own, and below it those of each key of a map, recursively. */
function leafPaths(path: string, value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [path];
  return [path, ...Object.entries(value).flatMap(([key, inner]) => leafPaths(`${path}.${key}`, inner))];
}

/** The container index an override path names, if it names one. */
export function containerIndexOf(path: string): number | undefined {
  const match = /^ContainerDefinitions\.(\d+)(\.|$)/.exec(path);
  return match ? Number(match[1]) : undefined;
}
