import table from './create-only-properties.json';
import { asObject, type JsonValue } from './json-value';

/**
 * The create-only properties of the resource types the product's templates use, from the CloudFormation
 * resource provider schemas (create-only-properties.json, written by scripts/write-create-only-properties.ts).
 */

/** How a change of a property affects its resource. */
export type Replacement = 'always' | 'conditional';

/** A property path inside `Properties`, as keys (array positions are not part of it). */
export type PropertyPath = readonly string[];

interface TableEntry {
  readonly createOnly: readonly string[];
  readonly conditionalCreateOnly: readonly string[];
}

const TYPES: Readonly<Record<string, TableEntry>> = table.types;

/** Where the table comes from (the cfn-lint version of its schemas). */
export const CREATE_ONLY_SOURCE: string = table.source;

/** The create-only paths of a type (both kinds), or undefined when the table does not know the type. */
export function createOnlyPaths(
  type: string,
): readonly { readonly path: PropertyPath; readonly replacement: Replacement }[] | undefined {
  const entry = TYPES[type];
  if (entry === undefined) return undefined;
  return [
    ...entry.createOnly.map((pointer) => ({ path: pathOfPointer(pointer), replacement: 'always' as const })),
    ...entry.conditionalCreateOnly.map((pointer) => ({
      path: pathOfPointer(pointer),
      replacement: 'conditional' as const,
    })),
  ];
}

/** `/properties/VpcConfig/*\/SubnetId` → `['VpcConfig', 'SubnetId']`: keys only, as `uses` reports them. */
export function pathOfPointer(pointer: string): PropertyPath {
  return pointer
    .split('/')
    .slice(2)
    .filter((segment) => segment !== '*' && !/^\d+$/.test(segment));
}

/**
 * True when a value at `used` decides (part of) the property at `createOnly`: one path is a prefix of the
 * other, so the value is the property, inside it, or holds it whole.
 */
export function overlaps(used: PropertyPath, createOnly: PropertyPath): boolean {
  const shorter = used.length <= createOnly.length ? used : createOnly;
  const longer = shorter === used ? createOnly : used;
  return shorter.every((key, index) => longer[index] === key);
}

/** One `{ "Fn::GetStackOutput": … }` in a resource's properties and the property path it sits at. */
export interface StackOutputUse {
  readonly path: PropertyPath;
  readonly reference: JsonValue;
}

/**
 * Every `Fn::GetStackOutput` in `properties`, with its property path: the keys of the properties down to it,
 * passing through intrinsic functions (`Fn::Join`, `Fn::If`, `Fn::Select`, …) and lists without adding to it.
 */
export function stackOutputUses(properties: JsonValue | undefined, path: PropertyPath = []): StackOutputUse[] {
  if (Array.isArray(properties)) return properties.flatMap((item) => stackOutputUses(item, path));
  const object = asObject(properties);
  if (object === undefined) return [];
  const reference = object['Fn::GetStackOutput'];
  if (reference !== undefined) return [{ path, reference }];
  return Object.entries(object).flatMap(([key, value]) =>
    stackOutputUses(value, isIntrinsic(key) ? path : [...path, key]),
  );
}

function isIntrinsic(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}
