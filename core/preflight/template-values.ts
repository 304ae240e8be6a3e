import type { AssemblyStack, TemplateResource } from './assembly-model';
import { asList, asObject, asString, type JsonValue } from './json-value';

/** A resource together with its logical id and the stack holding it. */
export interface ResourceRef {
  readonly stack: AssemblyStack;
  readonly logicalId: string;
  readonly resource: TemplateResource;
}

/** Every resource of `type` in the stack, in template order. */
export function resourcesOfType(stack: AssemblyStack, type: string): ResourceRef[] {
  return Object.entries(stack.template.Resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([logicalId, resource]) => ({ stack, logicalId, resource }));
}

/** The construct path CDK records in `Metadata.aws:cdk:path`, when present. */
export function cdkPath(resource: TemplateResource | undefined): string | undefined {
  return asString(resource?.Metadata?.['aws:cdk:path']);
}

/** `X` for `{ Ref: X }`, else undefined. */
export function refTarget(value: JsonValue | undefined): string | undefined {
  return asString(asObject(value)?.Ref);
}

/** `[X, attribute]` for `{ "Fn::GetAtt": [X, attribute] }` or `{ "Fn::GetAtt": "X.attribute" }`, else undefined. */
export function getAttTarget(value: JsonValue | undefined): { logicalId: string; attribute: string } | undefined {
  const getAtt = asObject(value)?.['Fn::GetAtt'];
  const parts = typeof getAtt === 'string' ? getAtt.split('.') : asList(getAtt);
  const [logicalId, attribute] = parts.map((p) => asString(p));
  return logicalId !== undefined && attribute !== undefined ? { logicalId, attribute } : undefined;
}

/**
 * The value as text, with every token that is not known before deployment written as `${…}`:
 * `{ Fn::Join: ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::1:role/x']] }` → `arn:${AWS::Partition}:iam::1:role/x`.
 * Enough to read account ids, service prefixes and names out of ARNs CDK builds.
 */
export function textOf(value: JsonValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  const ref = refTarget(value);
  if (ref !== undefined) return `\${${ref}}`;
  const getAtt = getAttTarget(value);
  if (getAtt !== undefined) return `\${${getAtt.logicalId}.${getAtt.attribute}}`;
  const object = asObject(value);
  const join = asList(object?.['Fn::Join']);
  if (join.length === 2)
    return asList(join[1])
      .map(textOf)
      .join(asString(join[0]) ?? '');
  const sub = object?.['Fn::Sub'];
  if (sub !== undefined) {
    const text = asString(sub) ?? asString(asList(sub)[0]) ?? '';
    // A variable map's names stand for their values, whatever logical id they shadow.
    const variables = asObject(asList(sub)[1]) ?? {};
    return text.replace(/\$\{([^}!]+)\}/g, (whole, name: string) =>
      name in variables ? textOf(variables[name]) : whole,
    );
  }
  return '${?}';
}

/** The parts of an ARN (`arn:partition:service:region:account:resource`), or undefined when it is not one. */
export function parseArn(
  text: string,
): { service: string; region: string; account: string; resource: string } | undefined {
  const parts = splitOutsideTokens(text, ':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { service: parts[2], region: parts[3], account: parts[4], resource: parts.slice(5).join(':') };
}

/** True when the text is a plain value, with no unresolved token in it. */
export function isLiteral(text: string): boolean {
  return !text.includes('${');
}

/** Splits on `separator` where it is not inside a `${…}` token (`${AWS::Partition}` stays one piece). */
export function splitOutsideTokens(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '$' && text[i + 1] === '{') depth++;
    else if (char === '}' && depth > 0) depth--;
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}
