import type { DescribedTaskDefinition, JsonObject, TaskDefinitionTag } from './describe-output';
import { isObject } from './describe-output';
import { IMAGE_PLACEHOLDER } from '../../model/placeholders';
import { RenderError } from './render-error';

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition refuses. */
export const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
] as const;

/** Tags whose key or value starts with `aws:` (any case) belong to AWS (CloudFormation sets them); registering them fails. */
export function isReservedTag(tag: TaskDefinitionTag): boolean {
  return /^aws:/i.test(tag.key) || /^aws:/i.test(tag.value ?? '');
}

export interface RegistrableTaskDefinition {
  /** What goes into `taskdef.json`: a RegisterTaskDefinition request. */
  readonly taskDefinition: JsonObject;
  /** Reserved tags that were left out. */
  readonly droppedTags: readonly TaskDefinitionTag[];
}

/**
 * Turns a described task definition into the `taskdef.json` the CodeDeployToECS action registers:
 * read-only fields stripped, the app container's image set to `<IMAGE1_NAME>`, the user's tags kept
 * (RegisterTaskDefinition takes `tags`; an SCP may demand them) and everything else untouched.
 */
export function toRegistrableTaskDefinition(
  described: DescribedTaskDefinition,
  app: { readonly containerName: string; readonly containerPort: number },
): RegistrableTaskDefinition {
  const index = appContainerIndex(described.containers, app.containerName);
  requirePortMapping(described.containers[index], app.containerName, app.containerPort);

  const taskDefinition: JsonObject = structuredClone(described.taskDefinition);
  for (const field of READ_ONLY_FIELDS) delete taskDefinition[field];
  taskDefinition.containerDefinitions = described.containers.map((container, i) =>
    i === index ? { ...structuredClone(container), image: IMAGE_PLACEHOLDER } : structuredClone(container),
  );
  const keptTags = described.tags.filter((tag) => !isReservedTag(tag));
  if (keptTags.length > 0) taskDefinition.tags = keptTags.map((tag) => ({ ...tag }));
  return { taskDefinition, droppedTags: described.tags.filter(isReservedTag) };
}

function appContainerIndex(containers: readonly JsonObject[], name: string): number {
  const matches = containers.flatMap((container, i) => (container.name === name ? [i] : []));
  if (matches.length === 0) {
    throw new RenderError(
      `the task definition has no container named '${name}' (containers: ${containers.map((c) => c.name).join(', ')}); ` +
        'set service.containerName in the config or pass --container',
    );
  }
  if (matches.length > 1) {
    throw new RenderError(
      `the task definition has ${matches.length} containers named '${name}' (at containerDefinitions ${matches.join(', ')}), ` +
        'so the app container is ambiguous; container names must be unique',
    );
  }
  return matches[0];
}

function requirePortMapping(container: JsonObject, name: string, port: number): void {
  const mappings = Array.isArray(container.portMappings) ? container.portMappings.filter(isObject) : [];
  const mapsPort = mappings.some((m) => m.containerPort === port && (m.protocol === undefined || m.protocol === 'tcp'));
  if (!mapsPort) {
    const mapped = mappings.map(
      (m) => `${String(m.containerPort)}/${typeof m.protocol === 'string' ? m.protocol : 'tcp'}`,
    );
    throw new RenderError(
      `container '${name}' does not map port ${port}/tcp ` +
        `(${mapped.length > 0 ? `mapped: ${mapped.join(', ')}` : 'it maps no ports'}); set service.port in the config or pass --port`,
    );
  }
}
