import { RenderError } from './render-error';

/** A JSON object whose fields we pass through without knowing them all (ECS adds fields over time). */
export type JsonObject = { [field: string]: unknown };

/** An ECS resource tag as `describe-task-definition --include TAGS` prints it and RegisterTaskDefinition takes it. */
export interface TaskDefinitionTag {
  readonly key: string;
  readonly value?: string;
}

/** The parts of a `describe-task-definition` answer that rendering needs. */
export interface DescribedTaskDefinition {
  /** The task definition as described, without `tags` (they are kept apart in `tags`). */
  readonly taskDefinition: JsonObject;
  readonly containers: readonly JsonObject[];
  readonly tags: readonly TaskDefinitionTag[];
}

const EXPECTED =
  'expected the JSON printed by `aws ecs describe-task-definition` ({ "taskDefinition": { ... }, "tags": [...] }) ' +
  'or its bare taskDefinition object';

/**
 * Parses the JSON printed by `aws ecs describe-task-definition`. The bare taskDefinition object
 * (`--query taskDefinition`) is accepted too: it is recognised by its `containerDefinitions`.
 * `source` names the input in messages.
 */
export function parseDescribeOutput(text: string, source: string): DescribedTaskDefinition {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RenderError(`${source} is not JSON (${(error as Error).message}); ${EXPECTED}`);
  }
  if (!isObject(value)) {
    throw new RenderError(`${source} must hold a JSON object, got ${describeValue(value)}; ${EXPECTED}`);
  }
  if ('taskDefinition' in value) {
    if (!isObject(value.taskDefinition)) {
      throw new RenderError(`${source}: taskDefinition must be an object, got ${describeValue(value.taskDefinition)}`);
    }
    if ('tags' in value.taskDefinition) {
      throw new RenderError(
        `${source}: taskDefinition.tags is not part of a describe-task-definition answer; put the tags at the top level`,
      );
    }
    return described(value.taskDefinition, value.tags, 'tags', source);
  }
  if ('containerDefinitions' in value) {
    return described(value, value.tags, 'taskDefinition.tags', source);
  }
  throw new RenderError(`${source} has no taskDefinition; ${EXPECTED}`);
}

function described(
  taskDefinitionWithTags: JsonObject,
  tags: unknown,
  tagsField: string,
  source: string,
): DescribedTaskDefinition {
  const taskDefinition = Object.fromEntries(
    Object.entries(taskDefinitionWithTags).filter(([field]) => field !== 'tags'),
  );
  const family = taskDefinition.family;
  if (typeof family !== 'string' || family.length === 0) {
    throw new RenderError(`${source}: taskDefinition.family must be a non-empty string, got ${describeValue(family)}`);
  }
  return {
    taskDefinition,
    containers: parseContainers(taskDefinition.containerDefinitions, source),
    tags: parseTags(tags, tagsField, source),
  };
}

function parseContainers(value: unknown, source: string): JsonObject[] {
  const field = 'taskDefinition.containerDefinitions';
  if (!Array.isArray(value) || value.length === 0) {
    throw new RenderError(`${source}: ${field} must be a non-empty list, got ${describeValue(value)}`);
  }
  return value.map((container: unknown, i) => {
    if (!isObject(container)) {
      throw new RenderError(`${source}: ${field}[${i}] must be an object, got ${describeValue(container)}`);
    }
    if (typeof container.name !== 'string' || container.name.length === 0) {
      throw new RenderError(
        `${source}: ${field}[${i}].name must be a non-empty string, got ${describeValue(container.name)}`,
      );
    }
    return container;
  });
}

function parseTags(value: unknown, field: string, source: string): TaskDefinitionTag[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new RenderError(`${source}: ${field} must be a list of { key, value }, got ${describeValue(value)}`);
  }
  return value.map((tag: unknown, i) => {
    if (!isObject(tag) || typeof tag.key !== 'string' || (tag.value !== undefined && typeof tag.value !== 'string')) {
      throw new RenderError(
        `${source}: ${field}[${i}] must be { "key": string, "value": string }, got ${JSON.stringify(tag)}`,
      );
    }
    return tag.value === undefined ? { key: tag.key } : { key: tag.key, value: tag.value };
  });
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (isObject(value)) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
