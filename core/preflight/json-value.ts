/** Any value JSON can hold: what a CloudFormation template or a cloud assembly manifest is made of. */
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** The value as an object, or undefined when it is anything else (array, string, null…). */
export function asObject(value: JsonValue | undefined): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : undefined;
}

/** The value as an array; a single value becomes a one-element array (IAM's `Action: "x"` shorthand). */
export function asList(value: JsonValue | undefined): JsonValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The value as a string, or undefined when it is not a plain string (a token such as `{ Ref }` included). */
export function asString(value: JsonValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Walks an object path, returning undefined as soon as a step is missing or not an object. */
export function pathOf(value: JsonValue | undefined, ...keys: string[]): JsonValue | undefined {
  let current = value;
  for (const key of keys) {
    const object = asObject(current);
    if (object === undefined) return undefined;
    current = object[key];
  }
  return current;
}
