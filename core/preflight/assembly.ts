import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AssemblyStack, CloudAssembly, StackEnvironment, Template, TemplateResource } from './assembly-model';
import { asList, asObject, asString, type JsonObject, type JsonValue } from './json-value';

/** A cloud assembly that cannot be read: the message names the file and what is wrong with it. */
export class AssemblyError extends Error {
  override readonly name = 'AssemblyError';
}

// CDK Pipelines nests one assembly per stage; deeper nesting than this means a cycle, not a real app.
const MAX_NESTING = 8;

/**
 * Reads `manifest.json` in `directory` and every nested cloud assembly it names (CDK Pipelines writes
 * each stage as `assembly-<stage>/` with its own manifest and templates), and parses every stack's template.
 */
export function loadAssembly(directory: string): CloudAssembly {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new AssemblyError(
      `no cloud assembly at '${directory}': the directory does not exist (run 'npx cdk synth' first)`,
    );
  }
  return { directory, stacks: loadStacks(directory, '', 0) };
}

function loadStacks(root: string, assemblyPath: string, depth: number): AssemblyStack[] {
  if (depth > MAX_NESTING) throw new AssemblyError(`nested assemblies deeper than ${MAX_NESTING} at '${assemblyPath}'`);
  const directory = join(root, assemblyPath);
  const manifestFile = join(directory, 'manifest.json');
  const artifacts = asObject(readJson(manifestFile).artifacts) ?? {};
  const stacks: AssemblyStack[] = [];
  for (const [artifactId, value] of Object.entries(artifacts)) {
    const artifact = asObject(value) ?? {};
    const properties = asObject(artifact.properties) ?? {};
    if (artifact.type === 'cdk:cloud-assembly') {
      const nested = asString(properties.directoryName);
      if (nested === undefined)
        throw new AssemblyError(`${manifestFile}: artifact '${artifactId}' has no directoryName`);
      stacks.push(...loadStacks(root, join(assemblyPath, nested), depth + 1));
    } else if (artifact.type === 'aws:cloudformation:stack') {
      stacks.push(stackOf(artifactId, artifact, properties, directory, assemblyPath, manifestFile));
    }
  }
  return stacks;
}

function stackOf(
  artifactId: string,
  artifact: JsonObject,
  properties: JsonObject,
  directory: string,
  assemblyPath: string,
  manifestFile: string,
): AssemblyStack {
  const templateFile = asString(properties.templateFile);
  if (templateFile === undefined) throw new AssemblyError(`${manifestFile}: stack '${artifactId}' has no templateFile`);
  return {
    artifactId,
    stackName: asString(properties.stackName) ?? artifactId,
    displayName: asString(artifact.displayName) ?? artifactId,
    assemblyPath,
    environment: parseEnvironment(asString(artifact.environment)),
    dependencies: asList(artifact.dependencies).filter((d): d is string => typeof d === 'string'),
    template: parseTemplate(readJson(join(directory, templateFile)), join(directory, templateFile)),
  };
}

/** `aws://ACCOUNT/REGION`; CDK writes `unknown-account` / `unknown-region` for environment-agnostic stacks. */
export function parseEnvironment(environment: string | undefined): StackEnvironment {
  const match = /^aws:\/\/([^/]*)\/([^/]*)$/.exec(environment ?? '');
  if (!match) return {};
  const known = (part: string) => (part === '' || part.startsWith('unknown-') ? undefined : part);
  return { account: known(match[1]), region: known(match[2]) };
}

/** A template document's resources and outputs; `file` names where it came from in messages. */
export function parseTemplate(document: JsonObject, file: string): Template {
  const resources: Record<string, TemplateResource> = {};
  for (const [logicalId, value] of Object.entries(asObject(document.Resources) ?? {})) {
    const resource = asObject(value);
    const type = asString(resource?.Type);
    if (resource === undefined || type === undefined)
      throw new AssemblyError(`${file}: resource '${logicalId}' has no Type`);
    resources[logicalId] = {
      Type: type,
      Properties: asObject(resource.Properties) ?? {},
      Metadata: asObject(resource.Metadata),
      DeletionPolicy: asString(resource.DeletionPolicy),
      DependsOn: dependsOn(resource.DependsOn),
    };
  }
  return { Resources: resources, Outputs: asObject(document.Outputs) ?? {} };
}

/** `DependsOn` as CloudFormation takes it: one logical id or a list of them. */
function dependsOn(value: JsonValue | undefined): string | string[] | undefined {
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) return undefined;
  return value.filter((id): id is string => typeof id === 'string');
}

function readJson(file: string): JsonObject {
  if (!existsSync(file)) throw new AssemblyError(`'${file}' does not exist: is this a cloud assembly (cdk.out)?`);
  let parsed: JsonValue;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as JsonValue;
  } catch (error) {
    throw new AssemblyError(`'${file}' is not valid JSON: ${(error as Error).message}`);
  }
  const object = asObject(parsed);
  if (object === undefined) throw new AssemblyError(`'${file}' must hold a JSON object`);
  return object;
}
