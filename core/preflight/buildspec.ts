import { parse } from 'yaml';
import { asList, asObject, asString, type JsonObject, type JsonValue } from './json-value';

/** A CodeBuild project's BuildSpec read out of its template: inline (parsed) or a file name in the source. */
export type BuildSpecSource =
  | { readonly kind: 'inline'; readonly spec: JsonObject }
  | { readonly kind: 'file'; readonly name: string }
  | { readonly kind: 'invalid'; readonly reason: string };

/**
 * Parses a project's `Source.BuildSpec`. An inline BuildSpec is a YAML or JSON document (CDK writes JSON);
 * anything that does not parse to a mapping is a file name (`buildspec.yml` in the source when absent).
 */
export function readBuildSpec(source: JsonValue | undefined): BuildSpecSource {
  const buildSpec = asObject(source)?.BuildSpec;
  if (buildSpec === undefined) return { kind: 'file', name: 'buildspec.yml' };
  const text = asString(buildSpec);
  if (text === undefined) return { kind: 'invalid', reason: 'the BuildSpec is built with intrinsic functions' };
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    return { kind: 'invalid', reason: `the BuildSpec is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
  const spec = asObject(parsed as JsonValue);
  return spec === undefined ? { kind: 'file', name: text.trim() } : { kind: 'inline', spec };
}

/** Every command of every phase (install, pre_build, build, post_build), `finally` blocks included. */
export function buildSpecCommands(spec: JsonObject): string[] {
  return Object.values(asObject(spec.phases) ?? {}).flatMap((phase) => {
    const object = asObject(phase);
    return [...asList(object?.commands), ...asList(object?.finally)]
      .map((c) => asString(c))
      .filter((c): c is string => c !== undefined);
  });
}
