import { resolve } from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import {
  compareGuardrails,
  guardrailsParameterName,
  GuardrailsUnavailable,
  parseGuardrails,
  publishGuardrailsParameter,
  readGuardrailsParameter,
  renderVerdict,
  type Guardrails,
} from '../../core/guardrails';
import { ConfigError } from '../../model/config/config-error';
import { optional, optionalRegion, parseCommandArgs, required } from '../args';
import { UsageError, type CliContext } from '../context';
import { CONFIG_FLAG } from '../common-flags';
import type { CommandHelp } from '../help';
import { display, parameterName, readGuardrailsFile, sdkRegion } from './guardrails-files';

const HELP: CommandHelp = {
  command: 'guardrails publish',
  flags: {
    file: { type: 'string', value: 'FILE', required: true, help: 'the guardrails document to publish' },
    config: CONFIG_FLAG,
    parameter: {
      type: 'string',
      value: 'NAME',
      help: `the SSM parameter (default: the config's guardrails.parameterName, else
/bluegreen/<application>/guardrails)`,
    },
    region: {
      type: 'string',
      value: 'REGION',
      help: "region of the parameter (default: the SDK's chain, else pipeline.region)",
    },
    'allow-weaker': {
      type: 'boolean',
      help: 'publish even where the document is weaker than the value it replaces (each loosened minimum is printed)',
    },
  },
  description: `
Writes the gate minimums to the SSM parameter, with the caller's credentials: the platform team's, in the
tools account, where the Build step reads it. With a protected environment, publish it in the release account
(pipeline.releaseAccount) too, by running it again with that account's credentials: the release pipeline's
Verify reads it in its own account.
No stack the pipeline deploys owns the parameter, and the pipeline's roles may only read it,
so no commit can change it. The document is validated first, and compared with the value it replaces:
a weaker one is refused unless --allow-weaker. Exit 0: published; 1: refused as weaker, or SSM refused;
2: wrong usage or a document that is not valid.`,
};

/** `bluegreen guardrails publish --file F`: the platform team's way to set the guardrails. */
export async function publish(args: string[], context: CliContext): Promise<number> {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const path = resolve(context.cwd, required(flags, 'file'));
  const proposed = readGuardrailsFile(path);
  const region = optionalRegion(flags);
  const parameterFlag = optional(flags, 'parameter');
  // Without --parameter the name (and the fallback region) come from the configuration; with it, none is needed.
  const config = parameterFlag === undefined ? context.config(optional(flags, 'config')) : undefined;
  const name = config === undefined ? parameterName(String(parameterFlag)) : guardrailsParameterName(config);
  const ssmRegion = region ?? (await sdkRegion()) ?? config?.pipeline.region;
  if (ssmRegion === undefined) throw new UsageError('no region for the parameter: give --region (or set AWS_REGION)');
  const client = new SSMClient({ region: ssmRegion });
  try {
    const live = await readLive(client, name);
    const weaker = live === undefined ? [] : compareGuardrails(proposed, live);
    if (live !== undefined) context.stdout(renderVerdict(display(context.cwd, path), `SSM parameter ${name}`, weaker));
    if (weaker.length > 0 && flags['allow-weaker'] !== true) {
      context.stderr(
        'guardrails: not published: the document is weaker than the live value (--allow-weaker to publish it anyway)\n',
      );
      return 1;
    }
    const text = JSON.stringify(proposed);
    const version = await publishGuardrailsParameter(client, name, text).catch((error: unknown) => {
      throw new GuardrailsUnavailable(
        `cannot publish SSM parameter ${name}: ${(error as Error).name}: ${(error as Error).message}`,
      );
    });
    context.stdout(
      `guardrails: published ${display(context.cwd, path)} to SSM parameter ${name} (version ${version ?? '?'})\n`,
    );
    return 0;
  } finally {
    client.destroy();
  }
}

/** The value it replaces; undefined when there is none yet (the first publish). */
async function readLive(client: SSMClient, name: string): Promise<Guardrails | undefined> {
  try {
    const text = await readGuardrailsParameter(client, name);
    return parseGuardrails(text.value, `SSM parameter ${name}`);
  } catch (error) {
    if (error instanceof GuardrailsUnavailable && error.message.includes('does not exist')) return undefined;
    // A live value that is no valid guardrails document is replaced: nothing valid is loosened.
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
}
