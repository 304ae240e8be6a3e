import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pipelineLayout } from '../../core/plan/pipeline-layout';
import { renderPlan } from '../../core/plan/render-plan';
import { pipelineStackName, releaseStackName } from '../../model/naming';
import { optional, parseCommandArgs } from '../args';
import { CONFIG_FLAG } from '../common-flags';
import type { CliContext } from '../context';
import type { CommandHelp } from '../help';

const HELP: CommandHelp = {
  command: 'plan',
  flags: {
    config: CONFIG_FLAG,
    assembly: {
      type: 'string',
      value: 'DIR',
      help: 'the cloud assembly whose pipeline template to read (default: cdk.out)',
    },
  },
  description: `
Prints the one path from push to production: the delivery pipeline's stages and actions, its hand-off and,
when an environment is protected (approval: true), the release pipeline's stages with the approval (from the
synthesized templates in DIR, default cdk.out), each environment's deployment settings, and the modelled
critical path from push to production.`,
};

export async function plan(args: string[], context: CliContext): Promise<number> {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (!flags) return 0;
  const config = context.config(optional(flags, 'config'));
  const assembly = resolve(context.cwd, optional(flags, 'assembly') ?? 'cdk.out');
  const layoutOf = (path: string) =>
    existsSync(path) ? pipelineLayout(JSON.parse(readFileSync(path, 'utf8'))) : undefined;
  const stackName = pipelineStackName(config.application);
  const templatePath = join(assembly, `${stackName}.template.json`);
  const releasePath = join(assembly, `${releaseStackName(config.application)}.template.json`);
  const configPath = context.configPath(optional(flags, 'config'));
  if (existsSync(templatePath) && statSync(templatePath).mtimeMs < statSync(configPath).mtimeMs) {
    // The stages below would be those of the configuration before its last change.
    context.stderr(
      `plan: warning: the pipeline ${stackName} in ${relative(context.cwd, templatePath)} was synthesized before ` +
        `${relative(context.cwd, configPath)} last changed; its stages may be out of date. Run \`npm start\` (or \`npx bluegreen cdk synth\`) again.\n`,
    );
  }
  context.stdout(
    renderPlan(config, layoutOf(templatePath), relative(context.cwd, templatePath), {
      stages: layoutOf(releasePath),
      templatePath: relative(context.cwd, releasePath),
    }),
  );
  return 0;
}
