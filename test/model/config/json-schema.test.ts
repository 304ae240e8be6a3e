import { configJsonSchemaText } from '../../../model/config/json-schema';

/** The part of a JSON Schema node the walk reads. */
interface SchemaNode {
  readonly description?: string;
  readonly default?: unknown;
  readonly properties?: Record<string, SchemaNode>;
  readonly items?: SchemaNode | readonly SchemaNode[];
  readonly additionalProperties?: SchemaNode | boolean;
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly allOf?: readonly SchemaNode[];
}

interface Field {
  readonly path: string;
  readonly node: SchemaNode;
}

/**
 * Every field a user can write: object properties, reached through array items, map values
 * (additionalProperties) and union branches, which are not fields themselves.
 */
function fieldsOf(node: SchemaNode, path: string): Field[] {
  const fields: Field[] = [];
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    fields.push({ path: `${path}.${key}`, node: child }, ...fieldsOf(child, `${path}.${key}`));
  }
  const items = node.items === undefined ? [] : Array.isArray(node.items) ? node.items : [node.items];
  items.forEach((item: SchemaNode) => fields.push(...fieldsOf(item, `${path}[]`)));
  if (typeof node.additionalProperties === 'object') {
    fields.push(...fieldsOf(node.additionalProperties, `${path}.<key>`));
  }
  for (const branches of [node.anyOf, node.oneOf, node.allOf]) {
    (branches ?? []).forEach((branch, i) => fields.push(...fieldsOf(branch, `${path}|${i}`)));
  }
  return fields;
}

/**
 * Whether a description names its default as "(default X)": a scalar by its value, a list of
 * scalars by each element; an empty or structured default by any words after "(default ".
 */
function namesDefault(description: string, value: unknown): boolean {
  const at = description.indexOf('(default ');
  if (at < 0) return false;
  const said = description.slice(at + '(default '.length);
  if (['string', 'number', 'boolean'].includes(typeof value)) return said.startsWith(String(value));
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object')) {
    return value.every((v) => said.includes(String(v)));
  }
  return said.length > 1;
}

const fields = fieldsOf(JSON.parse(configJsonSchemaText()) as SchemaNode, '$');

test('the walk reaches fields inside lists, maps and union branches', () => {
  const paths = fields.map((f) => f.path);
  expect(paths).toEqual(
    expect.arrayContaining([
      '$.service.desiredCount',
      '$.services[]|0.sidecars[].name',
      '$.environments[].services.<key>.desiredCount',
      '$.environments[].deployment|1.percentage',
    ]),
  );
  expect(fields.length).toBeGreaterThan(250);
});

test('every field of the generated JSON Schema has a description', () => {
  expect(fields.filter((f) => !f.node.description?.trim()).map((f) => f.path)).toEqual([]);
});

test('every field with a default names it in its description as "(default X)"', () => {
  const withDefault = fields.filter((f) => 'default' in f.node);
  expect(withDefault.length).toBeGreaterThan(50);
  const silent = withDefault
    .filter((f) => !namesDefault(f.node.description ?? '', f.node.default))
    .map((f) => `${f.path} (default ${JSON.stringify(f.node.default)}): ${f.node.description ?? ''}`);
  expect(silent).toEqual([]);
});

test.each([
  ['(default 2)', 2, true],
  ['(default none)', 2, false],
  ['Replicas', 2, false],
  ['(default CRITICAL, HIGH)', ['CRITICAL', 'HIGH'], true],
  ['(default CRITICAL)', ['CRITICAL', 'HIGH'], false],
  ['(default none)', [], true],
])('namesDefault(%j, %j) is %s', (description, value, expected) => {
  expect(namesDefault(description, value)).toBe(expected);
});
