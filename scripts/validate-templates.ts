/**
 * CDK's built-in CloudFormation validation, the plugin `npm start` runs in each synth (its findings errors, as
 * pipeline/feature-flags.ts asks with validateAgainstDefaultRules), over the templates of several cloud assemblies in
 * one process: its engine is built once for all of them, where each synth builds its own. scripts/check-examples.sh
 * synthesizes the examples without it and runs this once over them all.
 * Usage: tsx scripts/validate-templates.ts DIR...   (exits 1 when the plugin reports a failure)
 */
import { CloudFormationValidatePlugin, type PolicyValidationStack } from 'aws-cdk-lib';
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
      readonly properties?: { readonly templateFile?: string; readonly directoryName?: string };
    }
  >;
}

/** Every stack of the assembly in `dir` and of those nested in it, with the account and region it deploys to. */
function stacksOf(dir: string): PolicyValidationStack[] {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  return Object.entries(manifest.artifacts ?? {}).flatMap(([id, artifact]): PolicyValidationStack[] => {
    const { templateFile, directoryName } = artifact.properties ?? {};
    if (artifact.type === 'cdk:cloud-assembly' && directoryName) return stacksOf(join(dir, directoryName));
    if (artifact.type !== 'aws:cloudformation:stack' || !templateFile) return [];
    const [, accountId, region] = /^aws:\/\/([^/]+)\/(.+)$/.exec(artifact.environment ?? '') ?? [];
    return [
      { stackConstructPath: artifact.displayName ?? id, templatePath: join(dir, templateFile), accountId, region },
    ];
  });
}

const dirs = process.argv.slice(2);
const stackTemplates = dirs.flatMap(stacksOf);
if (stackTemplates.length === 0) {
  console.error(`validate-templates: no stack in ${dirs.join(', ') || '(no directory given)'}`);
  process.exit(2);
}
const templatePaths = stackTemplates.map((stack) => stack.templatePath);
const plugin = new CloudFormationValidatePlugin();
// The plugin reads only the templates; the context's construct tree is for other plugins. A root construct has no
// scope (constructs makes the tree's root that way).
const appConstruct = new Construct(undefined as unknown as Construct, '');
const report = plugin.validate({ templatePaths, stackTemplates, appConstruct });
plugin._dispose();
for (const violation of report.violations) {
  for (const resource of violation.violatingResources) {
    console.log(
      `validate-templates: ${violation.severity ?? 'finding'} ${violation.ruleName} ${resource.templatePath} ` +
        `${resource.resourceLogicalId}: ${violation.description}`,
    );
  }
}
console.log(
  `validate-templates: ${templatePaths.length} templates, ${report.violations.length} findings: ` +
    (report.success ? 'passed' : 'FAILED'),
);
process.exitCode = report.success ? 0 : 1;
