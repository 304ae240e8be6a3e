import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseConfig } from '../../model/config/load';
import { pipelineStackName, releaseStackName } from '../../model/naming';
import { toolFile, toolVersion } from '../../model/tool-files';
import { optional, parseCommandArgs, type Flags } from '../args';
import { UsageError, type CliContext } from '../context';
import type { CommandHelp } from '../help';
import { planInit } from '../init/plan-init';
import { nodeVersionWarning } from '../../model/node-version';
import { fillStarter, fromExample, starterValues, type StarterValues } from '../init/starter-config';

/** The starter's values, each from one flag. */
const VALUE_FLAGS: Readonly<Record<string, { readonly key: keyof StarterValues; readonly value: string }>> = {
  application: { key: 'application', value: 'NAME' },
  'tools-account': { key: 'toolsAccount', value: 'ID' },
  'staging-account': { key: 'stagingAccount', value: 'ID' },
  'prod-account': { key: 'prodAccount', value: 'ID' },
  'release-account': { key: 'releaseAccount', value: 'ID' },
  region: { key: 'region', value: 'REGION' },
  repository: { key: 'repository', value: 'OWNER/NAME' },
  'connection-arn': { key: 'connectionArn', value: 'ARN' },
  'release-connection-arn': { key: 'releaseConnectionArn', value: 'ARN' },
  branch: { key: 'branch', value: 'BRANCH' },
};

const HELP: CommandHelp = {
  command: 'init',
  flags: {
    example: {
      type: 'string',
      value: 'NAME',
      help: "start from one of the tool's examples (examples/NAME.yaml) instead of the starter",
    },
    force: { type: 'boolean', help: 'overwrite pipeline.config.yaml, cdk.json and package.json scripts that differ' },
    ...Object.fromEntries(
      Object.entries(VALUE_FLAGS).map(([flag, { key, value }]) => [
        flag,
        { type: 'string' as const, value, help: `the starter's ${key} (default: a placeholder to replace)` },
      ]),
    ),
  },
  description: `
Sets up the application repository in the current directory to ship through the pipeline. Writes
pipeline.config.yaml (a starter filled from the flags, or one of the tool's examples), cdk.json (its app
runs the installed tool), the scripts 'start' (synth + preflight + plan) and 'cdk' and the tool as a dev
dependency in package.json, and node_modules/ and cdk.out/ in .gitignore. It never copies the tool's source.
Exit 0: written (or already as init writes it); 1: a file or script exists and differs, and nothing was
written (--force overwrites); 2: wrong usage or a flag value the configuration refuses.`,
};

function exampleNames(): string[] {
  const dir = toolFile('examples');
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => file.endsWith('.yaml'))
        .map((file) => file.slice(0, -'.yaml'.length))
        .sort()
    : [];
}

export async function init(args: string[], context: CliContext): Promise<number> {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (!flags) return 0;
  const config = configText(flags, context.cwd);
  // Validated before anything is written: a bad flag value stops init with the field it fills.
  const parsed = parseConfig(config, 'pipeline.config.yaml');

  const read = (path: string) => {
    const file = join(context.cwd, path);
    return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  };
  const plan = planInit(read, {
    config,
    toolVersion: toolVersion(),
    packageName: parsed.application,
    force: flags.force === true,
  });
  if (plan.conflicts.length > 0) {
    context.stderr(
      `bluegreen init: wrote nothing; ${plan.conflicts.length} file(s) would be overwritten:\n` +
        plan.conflicts.map((c) => `  - ${c}\n`).join(''),
    );
    return 1;
  }
  for (const write of plan.writes) writeFileSync(join(context.cwd, write.path), write.text);
  const lines = [
    ...plan.writes.map((w) => `  ${w.path.padEnd(21)} ${w.change}`),
    ...plan.unchanged.map((path) => `  ${path.padEnd(21)} unchanged`),
  ];
  const nodeWarning = nodeVersionWarning(process.version);
  for (const warning of [...plan.warnings, ...(nodeWarning ? [nodeWarning] : [])]) {
    context.stderr(`bluegreen init: warning: ${warning}\n`);
  }
  const installNeeded = plan.writes.some((w) => w.path === 'package.json' && w.change.includes('devDependencies'));
  context.stdout(
    `bluegreen init: set up '${parsed.application}' in ${context.cwd}\n${lines.join('\n')}\n\n` +
      'Next:\n' +
      '  1. Edit pipeline.config.yaml: your accounts, regions, connection ARN, repository, services and build.test\n' +
      '     (every field: node_modules/ecs-bluegreen-pipeline/README.md#configuration).\n' +
      (installNeeded ? '  -  npm install (init added the tool as a dev dependency)\n' : '') +
      '  2. npm start: synthesizes into cdk.out/, runs preflight and prints the plan, offline.\n' +
      '  3. Once per account and region: npm run cdk -- bootstrap (the tools account, each unprotected environment\n' +
      '     account trusting it, the release account, and each protected account trusting the release account only;\n' +
      '     README.md#deploying-for-real says which regions and options).\n' +
      '  4. The platform team publishes the guardrails the Build step reads: npx bluegreen guardrails publish --file F.\n' +
      `  5. Once, with credentials for the tools account: npm run cdk -- deploy ${pipelineStackName(parsed.application)}\n` +
      `     (with an approval: true environment, the platform team also deploys ${releaseStackName(parsed.application)} first,\n` +
      '     with credentials for the release account).\n' +
      '  6. Commit package.json, package-lock.json, cdk.json and pipeline.config.yaml: each push then runs the pipeline.\n',
  );
  return 0;
}

function configText(flags: Flags, cwd: string): string {
  const example = optional(flags, 'example');
  if (example !== undefined) {
    const names = exampleNames();
    if (!names.includes(example)) {
      throw new UsageError(`--example ${example}: no such example (allowed: ${names.join(', ')})`);
    }
    const given = Object.keys(VALUE_FLAGS).filter((flag) => optional(flags, flag) !== undefined);
    if (given.length > 0) {
      throw new UsageError(
        `--example takes no --${given[0]}: edit the example's values in pipeline.config.yaml instead`,
      );
    }
    return fromExample(readFileSync(toolFile('examples', `${example}.yaml`), 'utf8'));
  }
  const values = Object.fromEntries(
    Object.entries(VALUE_FLAGS).flatMap(([flag, { key }]) => {
      const value = optional(flags, flag);
      return value === undefined ? [] : [[key, value]];
    }),
  );
  return fillStarter(
    readFileSync(toolFile('templates', 'pipeline.config.yaml'), 'utf8'),
    starterValues(values, basename(cwd)),
  );
}
