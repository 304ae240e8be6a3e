import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pipelineLayout } from '../../core/plan/pipeline-layout';
import { renderPlan } from '../../core/plan/render-plan';
import { pipelineStackName } from '../../model/naming';
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
Prints the pipeline's stages and actions (from the synthesized template in DIR, default cdk.out),
each environment's deployment settings, and the modelled critical path from push to production.`,
};

export async function plan(args: string[], context: CliContext): Promise<number> {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (!flags) return 0;
  const config = context.config(optional(flags, 'config'));
  const templatePath = join(
    resolve(context.cwd, optional(flags, 'assembly') ?? 'cdk.out'),
    `${pipelineStackName(config.application)}.template.json`,
  );
  const stages = existsSync(templatePath) ? pipelineLayout(JSON.parse(readFileSync(templatePath, 'utf8'))) : undefined;
  context.stdout(renderPlan(config, stages, relative(context.cwd, templatePath)));
  return 0;
}
