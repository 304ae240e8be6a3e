/**
 * Regenerates core/preflight/create-only-properties.json, the table the preflight rule
 * `stack-output-create-only` reads: for each CloudFormation resource type the product's templates use, the
 * properties its resource provider schema lists as `createOnlyProperties` (a change replaces the resource)
 * and `conditionalCreateOnlyProperties` (a change may replace it).
 *
 *   npx tsx scripts/write-create-only-properties.ts [CDK_OUT_DIR ...]
 *
 * The types are the ones already in the table plus every `AWS::` type in the templates under the given
 * cloud assemblies, so synthesize the shipped config and every example first, e.g.
 *   PIPELINE_CONFIG=examples/redmine.yaml npx cdk synth --quiet -o /tmp/synth/redmine
 * The schemas are the ones cfn-lint ships (python3 with cfn-lint installed, `pip install cfn-lint`), read
 * through its us-east-1 provider map; upgrade cfn-lint and run this again to pick up newer schemas. The tests
 * never run it: they read the checked-in table.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';

const TABLE_FILE = resolve(__dirname, '..', 'core', 'preflight', 'create-only-properties.json');

interface TableEntry {
  readonly createOnly: string[];
  readonly conditionalCreateOnly: string[];
}

interface Table {
  readonly source: string;
  readonly types: Record<string, TableEntry>;
}

interface ProviderSchema {
  readonly typeName?: string;
  readonly createOnlyProperties?: string[];
  readonly conditionalCreateOnlyProperties?: string[];
}

function cfnLint(): { readonly schemas: string; readonly version: string } {
  const out = execFileSync(
    'python3',
    ['-c', 'import cfnlint, os, cfnlint.version as v; print(os.path.dirname(cfnlint.__file__)); print(v.__version__)'],
    { encoding: 'utf8' },
  ).trim();
  const [directory, version] = out.split('\n');
  return { schemas: join(directory, 'data', 'schemas'), version };
}

/** Every `*.template.json` under a directory (nested assemblies included). */
function templatesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return templatesUnder(path);
    return name.endsWith('.template.json') ? [path] : [];
  });
}

function typesIn(templateFile: string): string[] {
  const template = JSON.parse(readFileSync(templateFile, 'utf8')) as { Resources?: Record<string, { Type?: string }> };
  return Object.values(template.Resources ?? {})
    .map((r) => r.Type ?? '')
    .filter((type) => type.startsWith('AWS::'));
}

function readTable(): Table | undefined {
  try {
    return JSON.parse(readFileSync(TABLE_FILE, 'utf8')) as Table;
  } catch {
    return undefined;
  }
}

async function main(assemblies: readonly string[]): Promise<void> {
  const { schemas, version } = cfnLint();
  const providerMap = readFileSync(join(schemas, 'providers', 'us_east_1.py'), 'utf8');
  const schemaFiles = new Map([...providerMap.matchAll(/"(AWS::[^"]+)": "([0-9a-f]+)"/g)].map((m) => [m[1], m[2]]));
  const types = new Set([
    ...Object.keys(readTable()?.types ?? {}),
    ...assemblies.flatMap((dir) => templatesUnder(resolve(dir))).flatMap(typesIn),
  ]);
  const entries: Record<string, TableEntry> = {};
  const missing: string[] = [];
  for (const type of [...types].sort()) {
    const file = schemaFiles.get(type);
    if (file === undefined) {
      missing.push(type);
      continue;
    }
    const schema = JSON.parse(readFileSync(join(schemas, 'resources', `${file}.json`), 'utf8')) as ProviderSchema;
    entries[type] = {
      createOnly: [...(schema.createOnlyProperties ?? [])].sort(),
      conditionalCreateOnly: [...(schema.conditionalCreateOnlyProperties ?? [])].sort(),
    };
  }
  const table: Table = { source: `cfn-lint ${version} resource provider schemas (us-east-1)`, types: entries };
  // Formatted as the repository's prettier check wants it, so a regenerated table passes `npm run lint`.
  const options = (await resolveConfig(TABLE_FILE)) ?? {};
  writeFileSync(TABLE_FILE, await format(JSON.stringify(table), { ...options, filepath: TABLE_FILE }));
  console.log(`${Object.keys(entries).length} resource types written to ${TABLE_FILE}`);
  if (missing.length > 0) console.log(`no schema in cfn-lint ${version} for: ${missing.join(', ')}`);
}

void main(process.argv.slice(2));
