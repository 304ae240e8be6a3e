/**
 * CDK's built-in CloudFormation validation, the plugin `npm start` runs in each synth, over the templates of several
 * cloud assemblies in one process: its engine is built once for all of them, where each synth builds its own.
 * scripts/check-examples.sh synthesizes the examples without it and runs this once over them all. As in a synth, an
 * acknowledgement (`Validations.of(scope).acknowledge`, recorded in each stack's metadata) suppresses a finding on
 * its construct and those below it, and an error that is left fails (pipeline/feature-flags.ts sets
 * validateAgainstDefaultRules, which keeps the plugin's errors errors).
 * Usage: tsx scripts/validate-templates.ts DIR...   (exits 1 when an error is left, 2 when there is nothing to check)
 */
import { CloudFormationValidatePlugin, type PolicyValidationStack, type PolicyViolation } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Manifest {
  readonly artifacts?: Record<
    string,
    {
      readonly type?: string;
      readonly environment?: string;
      readonly displayName?: string;
      readonly additionalMetadataFile?: string;
      readonly properties?: { readonly templateFile?: string; readonly directoryName?: string };
    }
  >;
}

/** What a stack's metadata says of its constructs: the rules acknowledged on each path, and each resource's path. */
export interface StackMetadata {
  /** Acknowledged rule ids (`CloudFormation-Validate::E9002`) by construct path. */
  readonly acknowledged: ReadonlyMap<string, ReadonlySet<string>>;
  /** Construct path by logical id. */
  readonly paths: ReadonlyMap<string, string>;
}

/** One finding on one resource of one template. */
export interface Finding {
  readonly rule: string;
  readonly severity?: string;
  /** Undefined when the plugin names no template: no metadata covers it. */
  readonly templatePath?: string;
  readonly logicalId?: string;
  readonly description: string;
}

const PLUGIN_PREFIX = 'CloudFormation-Validate::';

/**
 * The findings no acknowledgement covers: one on the resource's construct or any construct above it (a finding without
 * a resource is the stack's).
 */
export function unacknowledged(
  findings: readonly Finding[],
  metadataOf: (templatePath: string | undefined) => StackMetadata | undefined,
): Finding[] {
  return findings.filter((finding) => {
    const metadata = metadataOf(finding.templatePath);
    if (!metadata) return true;
    const path = (finding.logicalId && metadata.paths.get(finding.logicalId)) || '';
    return ![...metadata.acknowledged].some(
      ([scope, rules]) =>
        rules.has(`${PLUGIN_PREFIX}${finding.rule}`) && (path === scope || path.startsWith(`${scope}/`)),
    );
  });
}

/** Whether a finding fails the synth: the plugin's errors do, its warnings and notes do not. */
export const isError = (finding: Finding): boolean => finding.severity === 'error' || finding.severity === 'fatal';

type MetadataJson = Record<string, { type?: string; data?: unknown }[]>;

function stackMetadata(file: string): StackMetadata {
  const acknowledged = new Map<string, Set<string>>();
  const paths = new Map<string, string>();
  for (const [path, entries] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as MetadataJson)) {
    for (const entry of entries) {
      if (entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') paths.set(entry.data, path);
      if (entry.type === 'aws:cdk:acknowledged-rules' && entry.data && typeof entry.data === 'object') {
        acknowledged.set(path, new Set([...(acknowledged.get(path) ?? []), ...Object.keys(entry.data)]));
      }
    }
  }
  return { acknowledged, paths };
}

/** Every stack of the assembly in `dir` and of those nested in it, with where it deploys and what its metadata says. */
function stacksOf(dir: string): (PolicyValidationStack & { metadata?: StackMetadata })[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  return Object.entries(manifest.artifacts ?? {}).flatMap(([id, artifact]) => {
    const { templateFile, directoryName } = artifact.properties ?? {};
    if (artifact.type === 'cdk:cloud-assembly' && directoryName) return stacksOf(join(dir, directoryName));
    if (artifact.type !== 'aws:cloudformation:stack' || !templateFile) return [];
    // As CDK passes them: an environment-agnostic stack has neither.
    const [, account, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '') ?? [];
    const known = (value: string | undefined) => (value?.startsWith('unknown-') ? undefined : value);
    const metadataFile = artifact.additionalMetadataFile;
    return [
      {
        stackConstructPath: artifact.displayName ?? id,
        templatePath: join(dir, templateFile),
        accountId: known(account),
        region: known(region),
        metadata: metadataFile ? stackMetadata(join(dir, metadataFile)) : undefined,
      },
    ];
  });
}

function main(dirs: readonly string[]): number {
  const stackTemplates = dirs.flatMap(stacksOf);
  if (stackTemplates.length === 0) {
    console.error(`validate-templates: no stack in ${dirs.join(', ') || '(no directory given)'}`);
    return 2;
  }
  const plugin = new CloudFormationValidatePlugin();
  // The plugin reads only the templates; the context's construct tree is for other plugins. A root construct has no
  // scope (constructs makes the tree's root that way).
  const appConstruct = new Construct(undefined as unknown as Construct, '');
  const templatePaths = stackTemplates.map((stack) => stack.templatePath);
  const report = plugin.validate({ templatePaths, stackTemplates, appConstruct });
  plugin._dispose();
  const findings = report.violations.flatMap((violation: PolicyViolation) =>
    violation.violatingResources.map((resource) => ({
      rule: violation.ruleName,
      severity: violation.severity,
      templatePath: resource.templatePath,
      logicalId: resource.resourceLogicalId,
      description: violation.description,
    })),
  );
  const metadata = new Map(stackTemplates.map((stack) => [stack.templatePath, stack.metadata]));
  const left = unacknowledged(findings, (templatePath) => (templatePath ? metadata.get(templatePath) : undefined));
  for (const finding of left) {
    const where = `${finding.templatePath ?? '(no template)'}${finding.logicalId ? ` ${finding.logicalId}` : ''}`;
    console.log(
      `validate-templates: ${finding.severity ?? 'finding'} ${finding.rule} ${where}: ${finding.description}`,
    );
  }
  const errors = left.filter(isError).length;
  const acknowledged = findings.length - left.length;
  console.log(
    `validate-templates: ${templatePaths.length} templates, ${errors} errors, ${left.length - errors} other ` +
      `findings, ${acknowledged} acknowledged: ${errors === 0 ? 'passed' : 'FAILED'}`,
  );
  return errors === 0 ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
