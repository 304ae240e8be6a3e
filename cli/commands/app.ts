import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { require as tsxRequire } from 'tsx/cjs/api';
import { loadConfig } from '../../model/config/load';
import { optional, parseCommandArgs } from '../args';
import { UsageError, type CliContext } from '../context';
import type { CommandHelp } from '../help';

const HELP: CommandHelp = {
  command: 'app',
  flags: {
    entry: {
      type: 'string',
      value: 'FILE',
      help: "the application's own entry point (TypeScript or JavaScript), relative to the working directory",
    },
  },
  description: `
The CDK app of the application's pipeline, for cdk.json's "app" (bluegreen init writes it). Without
--entry it synthesizes what pipeline.config.yaml (or PIPELINE_CONFIG) describes. With --entry it runs the
application's own entry point instead, which calls createPipelineApp() from 'ecs-bluegreen-pipeline',
changes what the configuration cannot say with plain CDK, and calls app.synth(). Exit 0: synthesized;
2: a configuration that is not valid, or no such entry file.`,
};

export async function app(args: string[], context: CliContext): Promise<number> {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (!flags) return 0;
  const entry = optional(flags, 'entry');
  if (entry === undefined) {
    // Read before aws-cdk-lib loads, so that a configuration mistake stops in a fraction of a second rather than
    // after seconds of loading the constructs; createPipelineApp reads the same file again (a few milliseconds).
    loadConfig(process.env.PIPELINE_CONFIG, context.cwd);
    const { createPipelineApp } = await import('../../pipeline/app');
    createPipelineApp({ cwd: context.cwd }).app.synth();
    return 0;
  }
  const file = resolve(context.cwd, entry);
  if (!existsSync(file)) {
    throw new UsageError(
      `--entry ${entry}: no such file in ${context.cwd} (give the application's pipeline.ts or .js)`,
    );
  }
  // The application's entry may be TypeScript; tsx compiles it on load, as `npx tsx pipeline.ts` would.
  tsxRequire(file, __filename);
  return 0;
}
