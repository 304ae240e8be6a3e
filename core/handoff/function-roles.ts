/**
 * Which of a template's roles a function's Role names, however the value is written: `{Ref}`, `{Fn::GetAtt}` (any
 * attribute), `Fn::Sub` (`arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${Role}`), `Fn::Join`, both branches of
 * `Fn::If`, every item `Fn::Select` may pick, and a literal ARN whose name is a role's RoleName. What it cannot tie to
 * one of the template's roles (a parameter, an import, another resource's attribute, a role outside the template) is
 * `unknown`: a check that asks which role a function runs with must not guess.
 */
import type { JsonValue } from '../preflight/json-value';
import { textOf } from '../preflight/template-values';

interface Resource {
  readonly Type?: unknown;
  readonly Properties?: Record<string, unknown>;
}

export interface RoleMentions {
  /** The template's roles the value names, in any branch. */
  readonly roles: ReadonlySet<string>;
  /** What it holds that this check cannot tie to a role of the template. */
  readonly unknown: readonly string[];
}

const ROLE = 'AWS::IAM::Role';
const isPseudo = (name: string) => name.startsWith('AWS::');

/** The template's roles `value` names, and what in it names something else or cannot be read. */
export function roleMentions(value: unknown, resources: Readonly<Record<string, Resource>>): RoleMentions {
  const roles = new Set<string>();
  const unknown: string[] = [];
  const isRole = (id: string) => resources[id]?.Type === ROLE;
  const named = (id: string, shown: string) => {
    if (isPseudo(id)) return;
    if (isRole(id)) roles.add(id);
    else unknown.push(shown);
  };
  // A role named by its RoleName in an ARN's text (`…:role/path/name`); text that names no role is not a role's ARN.
  const literal = (text: string) => {
    const at = text.lastIndexOf(':role/');
    const tokens = /\$\{[^}]*\}/.test(text);
    if (at < 0) {
      if (!tokens) unknown.push(JSON.stringify(text));
      return;
    }
    const name =
      text
        .slice(at + ':role/'.length)
        .split('/')
        .pop() ?? '';
    const match = Object.entries(resources).find(
      ([, r]) =>
        r.Type === ROLE && r.Properties?.RoleName !== undefined && textOf(r.Properties.RoleName as JsonValue) === name,
    );
    if (match !== undefined) roles.add(match[0]);
    else if (!/^\$\{[A-Za-z0-9]+(\.[A-Za-z0-9.]+)?\}$/.test(name)) unknown.push(JSON.stringify(text));
  };
  const walk = (v: unknown): void => {
    if (typeof v === 'string') return literal(v);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return void unknown.push(JSON.stringify(v));
    const object = v as Record<string, unknown>;
    const keys = Object.keys(object);
    if (keys.length !== 1) return void unknown.push(JSON.stringify(v));
    const [key] = keys;
    const arg = object[key];
    if (key === 'Ref' && typeof arg === 'string') return arg === 'AWS::NoValue' ? undefined : named(arg, `Ref ${arg}`);
    if (key === 'Fn::GetAtt') {
      const id = Array.isArray(arg) ? arg[0] : typeof arg === 'string' ? arg.split('.')[0] : undefined;
      return typeof id === 'string' && isRole(id) ? void roles.add(id) : void unknown.push(JSON.stringify(v));
    }
    if (key === 'Fn::If' && Array.isArray(arg) && arg.length === 3) return [arg[1], arg[2]].forEach(walk);
    if (key === 'Fn::Select' && Array.isArray(arg) && arg.length === 2)
      return Array.isArray(arg[1]) ? arg[1].forEach(walk) : walk(arg[1]);
    if (key === 'Fn::Join' && Array.isArray(arg) && arg.length === 2 && Array.isArray(arg[1])) {
      for (const item of arg[1]) if (typeof item !== 'string') walk(item);
      return literal(textOf(v as JsonValue).replace(/\$\{\?\}/g, '${AWS::NoValue}'));
    }
    if (key === 'Fn::Sub') {
      const [text, variables] = Array.isArray(arg) ? arg : [arg, {}];
      if (typeof text !== 'string' || variables === null || typeof variables !== 'object')
        return void unknown.push(JSON.stringify(v));
      const vars = variables as Record<string, unknown>;
      for (const [, token] of text.matchAll(/\$\{([^}!]+)\}/g)) {
        if (token in vars) walk(vars[token]);
        else named(token.split('.')[0], `\${${token}}`);
      }
      return literal(textOf(v as JsonValue).replace(/\$\{\?\}/g, '${AWS::NoValue}'));
    }
    unknown.push(JSON.stringify(v));
  };
  walk(value);
  return { roles, unknown };
}

/** The one role of the template a function's Role names; undefined when it names none, more, or what is not read. */
export function roleOf(value: unknown, resources: Readonly<Record<string, Resource>>): string | undefined {
  const { roles, unknown } = roleMentions(value, resources);
  return roles.size === 1 && unknown.length === 0 ? [...roles][0] : undefined;
}

/** `X` of `{ Ref: X }` or `{ Fn::GetAtt: [X, 'Arn'] }`: how a template names a function it holds. */
export function functionTarget(value: unknown): string | undefined {
  const object = (value ?? {}) as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
  if (typeof object.Ref === 'string') return object.Ref;
  const getAtt = object['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[1] === 'Arn' && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}
