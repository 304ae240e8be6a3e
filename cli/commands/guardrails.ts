import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import {
  checkGuardrails,
  compareGuardrails,
  guardrailsParameterName,
  GuardrailsUnavailable,
  parseGuardrails,
  readGuardrailsParameter,
  renderVerdict,
  type Guardrails,
} from '../../core/guardrails';
import { ConfigError, resolveConfigPath } from '../../model/config';
import { TOOL_PACKAGE, toolFile } from '../../model/tool-files';
import { optional, parseCommandArgs } from '../args';
import { UsageError, type CliContext } from '../context';
import { CONFIG_FLAG } from '../common-flags';
import { commandHelp, type CommandHelp } from '../help';
import type { Command } from '../main';

/** The tool's guardrails file: the value the pipeline stack deploys to the parameter. */
export const PROPOSED_FILE = 'guardrails.example.yaml';
/** How the report names the tool's file, wherever the tool is installed. */
const TOOL_PROPOSED = `${TOOL_PACKAGE}'s ${PROPOSED_FILE}`;

const HELP: CommandHelp = {
  command: 'guardrails check',
  choices: [['guardrails', 'parameter']],
  flags: {
    config: CONFIG_FLAG,
    guardrails: {
      type: 'string',
      value: 'FILE',
      help: `read the minimums from FILE, offline (the format of ${PROPOSED_FILE})`,
    },
    parameter: {
      type: 'string',
      value: 'NAME',
      help: `read the minimums from this SSM parameter (default: the config's
guardrails.parameterName, else /bluegreen/<application>/guardrails)`,
    },
    proposed: {
      type: 'string',
      value: 'FILE',
      help: `proposed guardrails, which must not be weaker than the minimums (default with
--parameter: the tool's ${PROPOSED_FILE}; with --guardrails: not compared)`,
    },
    region: {
      type: 'string',
      value: 'REGION',
      help: `region of the parameter (default: the SDK's chain, AWS_REGION or the profile; when that
yields none, the config's pipeline.region, where the pipeline lives)`,
    },
  },
  description: `
Checks the configuration against the gate minimums (guardrails): which environments need an approval
and a deployment window, which scan severities must block, whether scan.onlyFixable may be used, how
long an allowlist entry may live. With --parameter (the default) the minimums come from the SSM
parameter, and the tool's ${PROPOSED_FILE} (the value the pipeline stack deploys) must not be weaker
than it either. Exit 0: every
gate holds; 1: a gate is weaker (one line each), or the parameter could not be read; 2: wrong usage,
or a configuration or guardrails file that is not valid.`,
};

const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const PARAMETER = /^(\/[A-Za-z0-9_.\-/]{1,2047}|arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter\/[A-Za-z0-9_.\-/]+)$/;

/** `bluegreen guardrails <subcommand>`; only `check` exists. */
export const guardrails: Command = async (args, context) => {
  const [subcommand, ...rest] = args;
  if (subcommand === '--help' || subcommand === '-h') {
    context.stdout(commandHelp(HELP));
    return 0;
  }
  if (subcommand !== 'check') {
    const got = subcommand === undefined ? 'no subcommand' : `unknown subcommand '${subcommand}'`;
    throw new UsageError(`${got} (allowed: check)\n${commandHelp(HELP)}`);
  }
  return check(rest, context);
};

async function check(args: string[], context: CliContext): Promise<number> {
  const flags = parseCommandArgs(args, HELP, context.stdout);
  if (flags === undefined) return 0;
  const file = optional(flags, 'guardrails');
  const parameterFlag = optional(flags, 'parameter');
  if (file !== undefined && parameterFlag !== undefined) {
    throw new UsageError('give either --guardrails FILE or --parameter NAME, not both');
  }
  const region = optional(flags, 'region');
  if (region !== undefined && !REGION.test(region)) {
    throw new UsageError(`--region must be an AWS region such as eu-west-1, got '${region}'`);
  }
  if (region !== undefined && file !== undefined) throw new UsageError('--region applies only to --parameter');
  const configFlag = optional(flags, 'config');
  const config = context.config(configFlag);
  const configName = display(context.cwd, resolveConfigPath(configFlag ?? context.env.PIPELINE_CONFIG, context.cwd));
  const proposedFlag = optional(flags, 'proposed');

  // The proposed file is read first, so a broken one is a usage mistake even when AWS is unreachable.
  const proposedPath =
    proposedFlag !== undefined
      ? resolve(context.cwd, proposedFlag)
      : file === undefined
        ? toolFile(PROPOSED_FILE)
        : undefined;
  const proposed = proposedPath === undefined ? undefined : readGuardrailsFile(proposedPath);

  const { live, against } =
    file !== undefined
      ? readLiveFile(resolve(context.cwd, file), context.cwd)
      : await readParameter(
          parameterName(parameterFlag ?? guardrailsParameterName(config)),
          region ?? (await resolveSsmRegion(config.pipeline.region)),
          context,
        );

  const weakened = checkGuardrails(config, live, new Date());
  context.stdout(renderVerdict(configName, against, weakened));
  const weaker = proposed === undefined ? [] : compareGuardrails(proposed, live);
  if (proposed !== undefined && proposedPath !== undefined) {
    const proposedName = proposedFlag === undefined ? TOOL_PROPOSED : display(context.cwd, proposedPath);
    context.stdout(renderVerdict(proposedName, against, weaker));
  }
  return weakened.length === 0 && weaker.length === 0 ? 0 : 1;
}

function parameterName(name: string): string {
  if (!PARAMETER.test(name)) {
    throw new UsageError(`--parameter must be an SSM parameter name starting with '/' or its ARN, got '${name}'`);
  }
  return name;
}

interface LiveGuardrails {
  readonly live: Guardrails;
  /** How the source is named in the report. */
  readonly against: string;
}

function readLiveFile(path: string, cwd: string): LiveGuardrails {
  return { live: readGuardrailsFile(path), against: display(cwd, path) };
}

async function readParameter(name: string, region: string, context: CliContext): Promise<LiveGuardrails> {
  context.stderr(`guardrails: reading SSM parameter ${name} in ${region}\n`);
  // Created here, not at import, so the SDK reads AWS_REGION / AWS_ENDPOINT_URL_SSM as they are now.
  const client = new SSMClient({ region });
  let text;
  try {
    text = await readGuardrailsParameter(client, name);
  } finally {
    client.destroy();
  }
  const against = `SSM parameter ${name}${text.version === undefined ? '' : ` (version ${text.version})`}`;
  try {
    return { live: parseGuardrails(text.value, against), against };
  } catch (error) {
    // A parameter that holds no valid guardrails is no usage mistake: fail closed with exit 1.
    if (error instanceof ConfigError) throw new GuardrailsUnavailable(error.message);
    throw error;
  }
}

function readGuardrailsFile(path: string): Guardrails {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(path, [`cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`]);
  }
  return parseGuardrails(text, path);
}

/**
 * The SDK's standard region chain (AWS_REGION, then the shared config profile); when it finds none,
 * `fallback`: the parameter lives in the tools account, in the pipeline's region.
 */
async function resolveSsmRegion(fallback: string): Promise<string> {
  const probe = new SSMClient({});
  try {
    return await probe.config.region();
  } catch {
    return fallback;
  } finally {
    probe.destroy();
  }
}

/** A path as the user would type it: relative to the working directory when inside it. */
function display(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}
